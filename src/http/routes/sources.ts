import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Catalog } from '../../catalog/index.js';
import type { BackgroundProgress } from '../../scanning/index.js';
import type { SkillSource } from '../../sources/index.js';
import { commonErrors } from '../schemas/common.js';
import type { HubService } from '../../imports/hub-service.js';

/** Reloading sources and reporting their state (seed: supervisor /skills/refresh). */
export const sourceRoutes: FastifyPluginAsyncTypebox<{ catalog: Catalog; sources: SkillSource[]; scanning: () => BackgroundProgress; hubs?: HubService }> = async (app, { catalog, sources, scanning, hubs }) => {
  app.post('/skills/refresh', {
    config: { access: { scope: 'skills:admin' } },
    schema: {
      tags: ['sources'],
      summary: 'Reload every source now; with include_hubs=true, sync every enabled hub too',
      description: 'A hub whose ref still points at the same commit does nothing; one that fails is reported in hubs and keeps serving its last good sync.',
      querystring: Type.Object({ include_hubs: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          status: Type.String(),
          generation: Type.Integer(),
          skills_loaded_count: Type.Integer(),
          hubs: Type.Optional(Type.Array(Type.Object({ id: Type.String(), name: Type.String(), result: Type.String(), error: Type.Optional(Type.String()) }))),
        }),
        ...commonErrors,
      },
    },
  }, async (request) => {
    const withHubs = request.query.include_hubs === true;
    // Hubs sync (fetching only when their commit moved); the other sources reload from where they live.
    const synced = withHubs && hubs ? await hubs.syncAll() : undefined;
    const wanted = sources.filter((source) => source.key !== 'hub' || (withHubs && !hubs));
    await Promise.all(wanted.map((source) => source.reload()));
    const snapshot = catalog.snapshot();
    let versions = 0;
    for (const _ of snapshot.allVersions()) versions++;
    return { status: 'ok', generation: snapshot.generation, skills_loaded_count: versions, ...(synced ? { hubs: synced } : {}) };
  });

  app.get('/skills/status', {
    config: { access: { scope: 'skills:read' } },
    schema: {
      tags: ['sources'],
      summary: 'Catalog generation, counts, last load and errors per source, and background scan progress',
      response: {
        200: Type.Object({
          generation: Type.Integer(),
          skills: Type.Integer(),
          sources: Type.Array(Type.Object({ source: Type.String(), skills: Type.Integer(), errors: Type.Integer(), last_load_at: Type.Union([Type.String(), Type.Null()]) })),
          errors: Type.Array(Type.Object({ source: Type.String(), file: Type.String(), message: Type.String() })),
          scanning: Type.Object(
            { pending: Type.Integer(), scanned: Type.Integer(), running: Type.Boolean() },
            { description: 'Background scans of loaded and changed skills: waiting, done since start, and whether one is under way' },
          ),
        }),
        ...commonErrors,
      },
    },
  }, async () => {
    const snapshot = catalog.snapshot();
    return {
      generation: snapshot.generation,
      skills: snapshot.size,
      sources: catalog.sourceStatus(),
      errors: snapshot.errors.map((e) => ({ source: e.source, file: e.file, message: e.diagnostics.map((d) => `${d.line ?? 1}: ${d.field}: ${d.message}`).join('; ') })),
      scanning: scanning(),
    };
  });
};
