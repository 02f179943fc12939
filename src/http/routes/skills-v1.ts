import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Catalog } from '../../catalog/index.js';
import { skillNotFound } from '../../util/app-error.js';
import { sendJson, cachedBody } from '../plugins/caching.js';
import { commonErrors, ErrorBody } from '../schemas/common.js';
import { CategoryQuery, LoadErrors, SkillDetail, SkillList, SkillNameParams, SkillRefParams, SkillVersions } from '../schemas/skills.js';
import { detailBody, listBody, versionsBody } from '../views/skill-view.js';
import { Type } from '@sinclair/typebox';
import { visibleTo } from '../../auth/policy.js';
import type { CatalogQueryService } from '../../catalog/query.js';

/** The versioned read API: list, get (`name` or `name@version`), versions, load errors. */
export const skillsV1Routes: FastifyPluginAsyncTypebox<{ catalog: Catalog; query: CatalogQueryService }> = async (app, { catalog, query }) => {
  const notFound = { 404: Type.Ref(ErrorBody) };

  const config = { access: { scope: 'skills:read' as const } };
  // Bodies are cached and compressed once by sendJson, not per request by the plugin.
  const compress = false as const;
  // The handlers are synchronous and send their reply themselves: these are the hottest routes,
  // and an async handler costs a promise and a microtask per request for nothing.

  app.get('/api/v1/skills', {
    config,
    compress,
    schema: {
      tags: ['skills'],
      summary: 'List skills',
      description: 'One entry per skill name: the version a bare name resolves to (the highest enabled version).',
      querystring: CategoryQuery,
      response: { 200: SkillList, ...commonErrors },
    },
  }, (request, reply) => {
    sendJson(request, reply, listBody(catalog.snapshot(), request.query.category, visibleTo(request.principal)));
  });

  app.get('/api/v1/skills/_errors', {
    config,
    compress,
    schema: {
      tags: ['skills'],
      summary: 'Skill files that failed to load, and name@version conflicts',
      response: { 200: LoadErrors },
    },
  }, (request, reply) => {
    const snapshot = catalog.snapshot();
    sendJson(request, reply, cachedBody({
      errors: snapshot.errors,
      conflicts: snapshot.conflicts,
      count: snapshot.errors.length,
      generation: snapshot.generation,
    }));
  });

  app.get('/api/v1/skills/:ref', {
    config,
    compress,
    schema: {
      tags: ['skills'],
      summary: 'Get a skill',
      description: '`name` resolves to the highest enabled version; `name@version` to exactly that version.',
      params: SkillRefParams,
      response: { 200: SkillDetail, ...notFound, 403: Type.Ref(ErrorBody), ...commonErrors },
    },
  }, (request, reply) => {
    // Reviewers still read what they are deciding about; nobody else fetches it to install.
    const { entry, decision } = query.resolve(request.principal, request.params.ref, 'review');
    if (!decision.runnable) void reply.header('x-skillport-quarantine', 'blocked');
    sendJson(request, reply, detailBody(entry));
  });

  app.get('/api/v1/skills/:name/versions', {
    config,
    compress,
    schema: {
      tags: ['skills'],
      summary: 'List every version of a skill, newest first',
      params: SkillNameParams,
      response: { 200: SkillVersions, ...notFound, ...commonErrors },
    },
  }, (request, reply) => {
    const versions = query.versions(request.principal, request.params.name);
    if (!versions) throw skillNotFound();
    sendJson(request, reply, versionsBody(request.params.name, versions));
  });
};
