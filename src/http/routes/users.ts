import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { IdentityService } from '../../auth/identity-service.js';
import { actionContext } from '../plugins/access.js';
import { commonErrors } from '../schemas/common.js';
import { CreateUserBody, IdParams, UpdateUserBody, User } from '../schemas/identity.js';

/** User management, for admins. */
export const userRoutes: FastifyPluginAsyncTypebox<{ identity: IdentityService }> = async (app, { identity }) => {
  const access = { access: { scope: 'admin' as const } };
  const tags = ['identity'];

  app.get('/api/users', {
    config: access,
    schema: { tags, summary: 'List users', response: { 200: Type.Object({ users: Type.Array(Type.Ref(User)), count: Type.Integer() }), ...commonErrors } },
  }, async (request) => {
    const users = await identity.listUsers(actionContext(request));
    return { users, count: users.length };
  });

  app.post('/api/users', {
    config: access,
    schema: { tags, summary: 'Create a user', body: CreateUserBody, response: { 201: Type.Ref(User), ...commonErrors } },
  }, async (request, reply) => reply.code(201).send(await identity.createUser(actionContext(request), request.body)));

  app.get('/api/users/:id', {
    config: access,
    schema: { tags, summary: 'Get a user and their teams', params: IdParams, response: { 200: Type.Intersect([Type.Ref(User), Type.Object({ teams: Type.Array(Type.String()) })]), ...commonErrors } },
  }, async (request) => identity.getUser(actionContext(request), request.params.id));

  app.patch('/api/users/:id', {
    config: access,
    schema: { tags, summary: 'Change a user', params: IdParams, body: UpdateUserBody, response: { 200: Type.Ref(User), ...commonErrors } },
  }, async (request) => identity.updateUser(actionContext(request), request.params.id, request.body));

  app.delete('/api/users/:id', {
    config: access,
    schema: { tags, summary: 'Delete a user and their keys', params: IdParams },
  }, async (request, reply) => {
    await identity.deleteUser(actionContext(request), request.params.id);
    return reply.code(204).send();
  });
};
