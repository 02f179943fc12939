import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Catalog } from '../../catalog/index.js';

export interface Readiness {
  /** True once every source has finished its first load and until shutdown begins. */
  ready(): boolean;
  /** Throws when a dependency (the database) does not answer. */
  check(): Promise<void>;
}

/** Probes answer anyone. */
const PUBLIC = { access: { public: true as const } };

const Health = Type.Object({ status: Type.String(), version: Type.String(), uptime_s: Type.Number() });
const Ready = Type.Object({ status: Type.String(), generation: Type.Integer(), skills: Type.Integer() });

/** Liveness (the process answers) and readiness (the catalog is loaded). */
export const healthRoutes: FastifyPluginAsyncTypebox<{ catalog: Catalog; readiness: Readiness; version: string }> = async (app, opts) => {
  app.get('/healthz', { config: PUBLIC, schema: { tags: ['health'], response: { 200: Health } } }, async () => ({
    status: 'ok',
    version: opts.version,
    uptime_s: Math.round(process.uptime()),
  }));

  app.get('/readyz', { config: PUBLIC, schema: { tags: ['health'], response: { 200: Ready, 503: Ready } } }, async (_request, reply) => {
    const snapshot = opts.catalog.snapshot();
    const loaded = opts.readiness.ready();
    const reachable = await opts.readiness.check().then(() => true, () => false);
    const status = !reachable ? 'database_unavailable' : loaded ? 'ready' : 'starting';
    return reply.code(status === 'ready' ? 200 : 503).send({ status, generation: snapshot.generation, skills: snapshot.size });
  });
};
