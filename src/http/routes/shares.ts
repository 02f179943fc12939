import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { ShareService } from '../../auth/share-service.js';
import { baseUrl } from '../base-url.js';
import { actionContext } from '../plugins/access.js';
import { commonErrors } from '../schemas/common.js';
import { IdParams } from '../schemas/identity.js';
import { CreatedShare, CreateShareBody, Share } from '../schemas/shares.js';

/** Share links: read-only URLs for installers that send no credentials. */
export const shareRoutes: FastifyPluginAsyncTypebox<{ shares: ShareService; publicUrl: string | undefined }> = async (app, { shares, publicUrl }) => {
  const access = { access: { scope: 'keys:manage' as const } };

  app.post('/api/shares', {
    config: access,
    schema: {
      tags: ['shares'],
      summary: 'Create a read-only share link; the token is in this response only',
      description: 'Give `team` for what a member of that team sees, `skills` for named skills, or neither for everything you may read. Admins and members of the team may share a team.',
      body: CreateShareBody,
      response: { 201: CreatedShare, ...commonErrors },
    },
  }, async (request, reply) => {
    const { token, share } = await shares.create(actionContext(request), request.body);
    const url = `${baseUrl(request, publicUrl)}/s/${token}`;
    const base = baseUrl(request, publicUrl);
    return reply.code(201).header('cache-control', 'no-store').send({
      token,
      url,
      index_url: `${url}/.well-known/agent-skills/index.json`,
      commands: {
        skills_cli: `npx skills add ${url}`,
        install_sh: `curl -fsSL ${base}/api/skills/install.sh | SKILLPORT_SHARE=${token} sh`,
      },
      share,
    });
  });

  app.get('/api/shares', {
    config: access,
    schema: {
      tags: ['shares'],
      summary: 'List share links (all for admins, your own otherwise); never the tokens',
      response: { 200: Type.Object({ shares: Type.Array(Type.Ref(Share)), count: Type.Integer() }), ...commonErrors },
    },
  }, async (request) => {
    const list = await shares.list(actionContext(request));
    return { shares: list, count: list.length };
  });

  app.get('/api/shares/:id', {
    config: access,
    schema: { tags: ['shares'], summary: 'One share link', params: IdParams, response: { 200: Type.Ref(Share), ...commonErrors } },
  }, async (request) => shares.get(actionContext(request), request.params.id));

  app.delete('/api/shares/:id', {
    config: access,
    schema: { tags: ['shares'], summary: 'Revoke a share link; it stops working at once, on every node', params: IdParams, response: { 200: Type.Ref(Share), ...commonErrors } },
  }, async (request) => shares.revoke(actionContext(request), request.params.id));
};
