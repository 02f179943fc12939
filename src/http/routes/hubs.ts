import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { HubService } from '../../imports/hub-service.js';
import { badRequest } from '../../util/app-error.js';
import { actionContext } from '../plugins/access.js';
import { commonErrors, ErrorBody } from '../schemas/common.js';
import { CreateHubBody, Hub, HubIdParams, HubIdQuery, PreviewBody, PreviewResponse, SyncResponse, UpdateHubBody } from '../schemas/imports.js';

/** Hubs: git repositories kept in sync, whose skills enter the catalog as source `hub` (docs/importing.md). */
export const hubRoutes: FastifyPluginAsyncTypebox<{ hubs: HubService }> = async (app, { hubs }) => {
  const tags = ['hubs'];
  const admin = { access: { scope: 'skills:admin' as const } };
  const errors = { ...commonErrors, 403: Type.Ref(ErrorBody), 404: Type.Ref(ErrorBody), 409: Type.Ref(ErrorBody), 413: Type.Ref(ErrorBody), 422: Type.Ref(ErrorBody), 503: Type.Ref(ErrorBody) };
  const idOf = (query?: string, body?: string) => {
    if (query && body && query !== body) throw badRequest('the id in the body differs from the one in the query');
    const id = query ?? body;
    if (!id) throw badRequest('give the hub id (or name) as ?id= or in the body');
    return id;
  };

  app.get('/api/skills/hubs', {
    config: admin,
    schema: {
      tags,
      summary: 'List hubs with their sync status, or get one with ?id= (id or name)',
      querystring: HubIdQuery,
      response: { 200: Type.Union([Type.Object({ hubs: Type.Array(Type.Ref(Hub)), count: Type.Integer() }), Type.Ref(Hub)]), ...errors },
    },
  }, async (request) => {
    if (request.query.id !== undefined) return hubs.get(request.query.id);
    const list = await hubs.list();
    return { hubs: list, count: list.length };
  });

  app.post('/api/skills/hubs', {
    config: admin,
    schema: { tags, summary: 'Add a hub; it syncs on its interval (first soon after), or when asked', body: CreateHubBody, response: { 201: Type.Ref(Hub), ...errors } },
  }, async (request, reply) => reply.code(201).send(await hubs.create(actionContext(request), request.body)));

  app.put('/api/skills/hubs', {
    config: admin,
    schema: { tags, summary: 'Change a hub (id in the query or the body)', querystring: HubIdQuery, body: UpdateHubBody, response: { 200: Type.Ref(Hub), ...errors } },
  }, async (request) => {
    const { id, ...changes } = request.body;
    return hubs.update(actionContext(request), idOf(request.query.id, id), changes);
  });

  app.delete('/api/skills/hubs', {
    config: admin,
    schema: { tags, summary: 'Remove a hub and its skills from the catalog', querystring: HubIdQuery, response: { ...commonErrors, 404: Type.Ref('ErrorBody') } },
  }, async (request, reply) => {
    await hubs.delete(actionContext(request), idOf(request.query.id));
    return reply.code(204).send();
  });

  app.post('/api/skills/hubs/:id/sync', {
    config: admin,
    schema: {
      tags,
      summary: 'Sync a hub now',
      description: 'The same commit as last time does nothing; a new one is fetched, validated, scanned and stored. When another node is syncing the hub, this waits for its result.',
      params: HubIdParams,
      response: { 200: SyncResponse, ...errors },
    },
  }, async (request) => hubs.sync(request.params.id));

  app.post('/api/skills/hubs/preview', {
    config: admin,
    schema: { tags, summary: 'Crawl a repository as a hub would, saving nothing', body: PreviewBody, response: { 200: PreviewResponse, ...errors } },
  }, async (request) => hubs.preview(request.body));
};
