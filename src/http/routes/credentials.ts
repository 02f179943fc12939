import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { CredentialService } from '../../imports/credentials.js';
import { actionContext } from '../plugins/access.js';
import { commonErrors, ErrorBody } from '../schemas/common.js';
import { Credential, CredentialBody, CredentialParams, UpdateCredentialBody } from '../schemas/imports.js';

/** Credentials for private repositories, named by credentials_ref; the secret is never returned. */
export const credentialRoutes: FastifyPluginAsyncTypebox<{ credentials: CredentialService }> = async (app, { credentials }) => {
  const tags = ['credentials'];
  const admin = { access: { scope: 'admin' as const } };
  const errors = { ...commonErrors, 403: Type.Ref(ErrorBody), 404: Type.Ref(ErrorBody), 409: Type.Ref(ErrorBody) };

  app.get('/api/credentials', {
    config: admin,
    schema: { tags, summary: 'List stored credentials (never their secrets)', response: { 200: Type.Object({ credentials: Type.Array(Credential), count: Type.Integer() }), ...errors } },
  }, async () => {
    const list = await credentials.list();
    return { credentials: list, count: list.length };
  });

  app.post('/api/credentials', {
    config: admin,
    schema: { tags, summary: 'Store a credential for private repositories, encrypted at rest', body: CredentialBody, response: { 201: Credential, ...errors } },
  }, async (request, reply) => reply.code(201).send(await credentials.create(actionContext(request), request.body)));

  app.put('/api/credentials/:name', {
    config: admin,
    schema: { tags, summary: 'Rotate a credential: a new value (or kind, or username)', params: CredentialParams, body: UpdateCredentialBody, response: { 200: Credential, ...errors } },
  }, async (request) => credentials.update(actionContext(request), request.params.name, request.body));

  app.delete('/api/credentials/:name', {
    config: admin,
    schema: { tags, summary: 'Delete a credential', params: CredentialParams, response: { ...commonErrors, 404: Type.Ref('ErrorBody') } },
  }, async (request, reply) => {
    await credentials.delete(actionContext(request), request.params.name);
    return reply.code(204).send();
  });
};
