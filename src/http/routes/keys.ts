import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { IdentityService } from '../../auth/identity-service.js';
import { actionContext } from '../plugins/access.js';
import { commonErrors } from '../schemas/common.js';
import { ApiKey, CreateKeyBody, IdParams } from '../schemas/identity.js';

/** API keys: anyone with keys:manage handles their own; admins handle everyone's. */
export const keyRoutes: FastifyPluginAsyncTypebox<{ identity: IdentityService }> = async (app, { identity }) => {
  const access = { access: { scope: 'keys:manage' as const } };

  app.get('/api/keys', {
    config: access,
    schema: {
      tags: ['identity'],
      summary: 'List API keys (never the keys themselves)',
      querystring: Type.Object({ user_id: Type.Optional(Type.String({ maxLength: 64 })), all: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: { 200: Type.Object({ keys: Type.Array(Type.Ref(ApiKey)), count: Type.Integer() }), ...commonErrors },
    },
  }, async (request) => {
    const keys = await identity.listKeys(actionContext(request), request.query);
    return { keys, count: keys.length };
  });

  app.post('/api/keys', {
    config: access,
    schema: {
      tags: ['identity'],
      summary: 'Create an API key; the key is in this response only',
      body: CreateKeyBody,
      response: { 201: Type.Object({ key: Type.String({ description: 'sk_ + 64 hex; shown once' }), api_key: Type.Ref(ApiKey) }), ...commonErrors },
    },
  }, async (request, reply) => {
    const created = await identity.createKey(actionContext(request), request.body);
    return reply.code(201).header('cache-control', 'no-store').send(created);
  });

  app.delete('/api/keys/:id', {
    config: access,
    schema: { tags: ['identity'], summary: 'Revoke an API key', params: IdParams, response: { 200: Type.Ref(ApiKey), ...commonErrors } },
  }, async (request) => identity.revokeKey(actionContext(request), request.params.id));
};
