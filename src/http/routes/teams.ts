import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { IdentityService } from '../../auth/identity-service.js';
import { actionContext } from '../plugins/access.js';
import { commonErrors } from '../schemas/common.js';
import { AddMemberBody, CreateTeamBody, IdParams, Team, User } from '../schemas/identity.js';

/** Teams and membership, for admins; members may read their own team. */
export const teamRoutes: FastifyPluginAsyncTypebox<{ identity: IdentityService }> = async (app, { identity }) => {
  const admin = { access: { scope: 'admin' as const } };
  const tags = ['identity'];

  app.get('/api/teams', {
    config: admin,
    schema: { tags, summary: 'List teams', response: { 200: Type.Object({ teams: Type.Array(Type.Ref(Team)), count: Type.Integer() }), ...commonErrors } },
  }, async (request) => {
    const teams = await identity.listTeams(actionContext(request));
    return { teams, count: teams.length };
  });

  app.post('/api/teams', {
    config: admin,
    schema: { tags, summary: 'Create a team', body: CreateTeamBody, response: { 201: Type.Ref(Team), ...commonErrors } },
  }, async (request, reply) => reply.code(201).send(await identity.createTeam(actionContext(request), request.body)));

  app.get('/api/teams/:id', {
    config: { access: { authenticated: true } },
    schema: { tags, summary: 'Get a team (by id or name) with its members', params: IdParams, response: { 200: Type.Intersect([Type.Ref(Team), Type.Object({ members: Type.Array(Type.Ref(User)) })]), ...commonErrors } },
  }, async (request) => identity.getTeam(actionContext(request), request.params.id));

  app.delete('/api/teams/:id', {
    config: admin,
    schema: { tags, summary: 'Delete a team', params: IdParams },
  }, async (request, reply) => {
    await identity.deleteTeam(actionContext(request), request.params.id);
    return reply.code(204).send();
  });

  app.post('/api/teams/:id/members', {
    config: admin,
    schema: { tags, summary: 'Add a user to a team', params: IdParams, body: AddMemberBody },
  }, async (request, reply) => {
    await identity.addMember(actionContext(request), request.params.id, request.body.user_id);
    return reply.code(204).send();
  });

  app.delete('/api/teams/:id/members/:user_id', {
    config: admin,
    schema: { tags, summary: 'Remove a user from a team', params: Type.Object({ id: Type.String({ maxLength: 200 }), user_id: Type.String({ maxLength: 64 }) }) },
  }, async (request, reply) => {
    await identity.removeMember(actionContext(request), request.params.id, request.params.user_id);
    return reply.code(204).send();
  });
};
