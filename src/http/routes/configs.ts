import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { configEtag, type ConfigService } from '../../sources/config/service.js';
import { badRequest } from '../../util/app-error.js';
import { actionContext } from '../plugins/access.js';
import { commonErrors } from '../schemas/common.js';
import { AgentSkill, ConfigIdQuery, ConfigListQuery, CreateConfigBody, RequiredIdQuery, RestoreBody, Revision, UpdateConfigBody } from '../schemas/configs.js';

/** A 5 MB skill_content must reach the service, which explains the 1 MB limit, rather than die as a bare 413. */
const BODY_LIMIT = 8 * 1024 * 1024;

/** Skills stored through the API (seed: /api/skills/configs). */
export const configRoutes: FastifyPluginAsyncTypebox<{ configs: ConfigService }> = async (app, { configs }) => {
  const tags = ['configs'];
  const read = { access: { scope: 'skills:read' as const } };
  const write = { access: { scope: 'skills:write' as const } };
  const errors = { ...commonErrors, 404: Type.Ref('ErrorBody'), 409: Type.Ref('ErrorBody') };

  app.get('/api/skills/configs', {
    config: read,
    schema: {
      tags,
      summary: 'List stored skills (filters, pages), or get one with ?id=',
      querystring: ConfigListQuery,
      response: {
        200: Type.Union([
          Type.Object({ configs: Type.Array(Type.Ref(AgentSkill)), total: Type.Integer(), page: Type.Integer(), page_size: Type.Integer(), has_more: Type.Boolean() }),
          Type.Ref(AgentSkill),
        ]),
        ...errors,
      },
    },
  }, async (request, reply) => {
    const { id, ...filters } = request.query;
    if (id !== undefined) {
      const config = await configs.get(actionContext(request), id);
      return reply.header('etag', configEtag(config)).send(config);
    }
    return configs.list(actionContext(request), filters);
  });

  app.post('/api/skills/configs', {
    config: write,
    bodyLimit: BODY_LIMIT,
    schema: { tags, summary: 'Store a new skill', body: CreateConfigBody, response: { 201: Type.Ref(AgentSkill), ...errors } },
  }, async (request, reply) => {
    const config = await configs.create(actionContext(request), request.body);
    return reply.code(201).header('etag', configEtag(config)).send(config);
  });

  app.put('/api/skills/configs', {
    config: write,
    bodyLimit: BODY_LIMIT,
    schema: {
      tags,
      summary: 'Change a stored skill (partial); send If-Match or updated_at to refuse stale writes',
      querystring: ConfigIdQuery,
      body: UpdateConfigBody,
      response: { 200: Type.Ref(AgentSkill), ...errors },
    },
  }, async (request, reply) => {
    const id = request.query.id ?? request.body.id;
    if (!id) throw badRequest('say which skill: id in the query (?id=) or in the body');
    const ifMatch = request.headers['if-match'];
    const config = await configs.update(actionContext(request), id, request.body, typeof ifMatch === 'string' ? ifMatch : undefined);
    return reply.header('etag', configEtag(config)).send(config);
  });

  app.delete('/api/skills/configs', {
    config: write,
    schema: { tags, summary: 'Delete a stored skill', querystring: RequiredIdQuery, response: { ...errors } },
  }, async (request, reply) => {
    await configs.delete(actionContext(request), request.query.id);
    return reply.code(204).send();
  });

  app.get('/api/skills/configs/revisions', {
    config: read,
    schema: { tags, summary: 'Every revision of a stored skill, newest first', querystring: RequiredIdQuery, response: { 200: Type.Object({ id: Type.String(), revisions: Type.Array(Revision), count: Type.Integer() }), ...errors } },
  }, async (request) => {
    const revisions = await configs.revisions(actionContext(request), request.query.id);
    return { id: request.query.id, revisions, count: revisions.length };
  });

  app.post('/api/skills/configs/restore', {
    config: write,
    schema: { tags, summary: 'Make an earlier revision current again (as a new revision)', body: RestoreBody, response: { 200: Type.Ref(AgentSkill), ...errors } },
  }, async (request, reply) => {
    const config = await configs.restore(actionContext(request), request.body.id, request.body.revision);
    return reply.header('etag', configEtag(config)).send(config);
  });
};
