import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { ServerMetrics } from '../../metrics/server-metrics.js';

/**
 * Prometheus metrics of this node. Readable with the `metrics:read` scope (admins and owners have
 * it) or with the bearer token set in SKILLPORT_METRICS_TOKEN.
 */
export const metricsRoutes: FastifyPluginAsyncTypebox<{ metrics: ServerMetrics }> = async (app, opts) => {
  app.get(
    '/metrics',
    {
      config: { access: { scope: 'metrics:read' } },
      schema: {
        tags: ['health'],
        summary: 'Prometheus metrics (text exposition format)',
        produces: ['text/plain'],
        response: { 200: Type.String({ description: 'Prometheus text format 0.0.4' }) },
      },
    },
    async (_request, reply) => reply.type(opts.metrics.contentType).send(await opts.metrics.render()),
  );
};
