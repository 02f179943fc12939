import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';

/**
 * Collects every route's schema into an OpenAPI 3.1 document. Must be registered before the
 * routes so it sees them; the document itself is served at `/openapi.json`.
 */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Skillport',
        version,
        description: 'Self-hosted registry and gateway for agent skills.',
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      tags: [
        { name: 'skills', description: 'The versioned skills API' },
        { name: 'health', description: 'Liveness and readiness' },
      ],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
}

export function registerOpenApiRoute(app: FastifyInstance): void {
  app.get('/openapi.json', { config: { access: { public: true } }, schema: { hide: true } }, async () => app.swagger());
}
