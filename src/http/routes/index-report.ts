import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { DiscoveryService } from '../../gateway/index.js';
import { IndexReport } from '../schemas/artifacts.js';
import { commonErrors } from '../schemas/common.js';

/** What the discovery indexes leave out, and why: nothing is dropped without a trace. */
export const indexReportRoutes: FastifyPluginAsyncTypebox<{ discovery: DiscoveryService }> = async (app, { discovery }) => {
  app.get('/api/skills/index-report', {
    config: { access: { scope: 'skills:admin' } },
    schema: {
      tags: ['discovery'],
      summary: 'Skills the discovery indexes leave out, and why',
      description: 'Names or descriptions the Agent Skills rules refuse, skills the quarantine policy blocks, and artifacts that could not be served (for example over the size limit).',
      response: { 200: IndexReport, ...commonErrors },
    },
  }, async () => {
    const skipped = discovery.skipped();
    return { skipped, count: skipped.length };
  });
};
