import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { bootstrapFor, bootstrapMarkdown } from '../../gateway/index.js';
import { baseUrl as serverUrl } from '../base-url.js';
import { badRequest } from '../../util/app-error.js';
import { commonErrors } from '../schemas/common.js';
import { RawBody } from '../schemas/artifacts.js';

const Paths = Type.Object({ user: Type.String(), project: Type.String() });

/** `GET /api/skills/bootstrap`: how to install skills from this server into an agent. */
export const bootstrapRoutes: FastifyPluginAsyncTypebox<{ publicUrl?: string }> = async (app, { publicUrl }) => {
  app.get('/api/skills/bootstrap', {
    config: { access: { public: true } },
    schema: {
      tags: ['discovery'],
      summary: 'How to install and update skills from this server, for one agent',
      description: 'Markdown by default; JSON with `Accept: application/json`. Unknown agent or scope: 400 listing the valid ones.',
      querystring: Type.Object({
        agent: Type.Optional(Type.String({ maxLength: 64, description: 'Agent id, e.g. claude-code, cursor, codex' })),
        scope: Type.Optional(Type.String({ maxLength: 16, description: 'user or project (default project)' })),
        base_url: Type.Optional(Type.String({ maxLength: 2048, description: 'The server URL as the agent reaches it; defaults to SKILLPORT_PUBLIC_URL, else this request\'s host' })),
      }),
      response: {
        200: Type.Union([
          Type.Object({
            agent: Type.String(),
            label: Type.String(),
            scope: Type.String(),
            scopes_available: Type.Array(Type.String()),
            install_paths: Paths,
            commands: Type.Object({
              install: Type.String({ description: 'The skills CLI line' }),
              update: Type.String(),
              install_script: Type.String({ description: 'The install.sh one-liner' }),
              update_script: Type.String(),
              list_index: Type.String(),
            }),
            agents: Type.Array(Type.Object({ id: Type.String(), label: Type.String(), install_paths: Paths })),
          }),
          RawBody('text/markdown; charset=utf-8'),
        ]),
        ...commonErrors,
      },
    },
  }, async (request, reply) => {
    const baseUrl = request.query.base_url ?? serverUrl(request, publicUrl);
    if (!/^https?:\/\/[^\s]+$/.test(baseUrl)) throw badRequest('base_url must be an http(s) URL such as http://skills.example.com:8080');
    const bootstrap = bootstrapFor({ agent: request.query.agent, scope: request.query.scope, baseUrl });
    if ((request.headers.accept ?? '').includes('application/json')) return bootstrap;
    return reply.type('text/markdown; charset=utf-8').send(bootstrapMarkdown(bootstrap));
  });
};
