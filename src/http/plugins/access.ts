import type { FastifyInstance } from 'fastify';
import { enforce, type Access } from '../../auth/policy.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this route; every route must say. */
    access?: Access;
  }
}

/**
 * Applies each route's declared access right after the caller is identified, before the body is
 * even parsed. A route registered without a declaration stops the server from starting, so no
 * route can be reachable by accident.
 */
export function registerAccessControl(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (!route.config?.access) throw new Error(`route ${String(route.method)} ${route.url} declares no access rule`);
  });
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (access) enforce(request.principal, access);
  });
}

/** The caller's context for services: who, from where, in which request. */
export function actionContext(request: { principal: import('../../auth/principal.js').Principal; ip: string; id: string }) {
  return { principal: request.principal, ip: request.ip, requestId: request.id };
}
