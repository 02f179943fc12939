import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditService } from '../../auth/audit.js';
import { enforce, type Access } from '../../auth/policy.js';
import type { Principal } from '../../auth/principal.js';
import { appendRouteHook } from './route-hooks.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this route; every route must say. */
    access?: Access;
  }
  interface FastifyInstance {
    /** Every route with its access rule, in registration order (for docs and the authorization tests). */
    accessTable: Array<{ method: string; url: string; access: Access }>;
  }
}

/**
 * Applies each route's declared access right after the caller is identified, before the body is
 * even parsed. A route registered without a declaration stops the server from starting, so no
 * route can be reachable by accident.
 */
export function registerAccessControl(app: FastifyInstance, audit?: AuditService): void {
  app.decorate('accessTable', []);
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (!access) throw new Error(`route ${String(route.method)} ${route.url} declares no access rule`);
    for (const method of [route.method].flat()) if (method !== 'HEAD') app.accessTable.push({ method, url: route.url, access });
    // Each route checks its own rule, held here: reading it from request.routeOptions would build
    // an options object on every request.
    const isPublic = 'public' in access;
    const check = (request: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) => {
      try {
        if (request.authError && !isPublic) throw request.authError;
        enforce(request.principal, access);
      } catch (err) {
        return done(err as Error);
      }
      done();
    };
    appendRouteHook(route, 'onRequest', check);
  });
  // A refused attempt to change something is worth knowing about; refused reads are not audited.
  // Recorded before the refusal is sent, so a caller that reads the audit log next finds it. The
  // hook is attached only to routes that change things, so reads do not pay for it.
  if (audit) {
    const auditDenied = (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: Error | null, payload?: unknown) => void) => {
      if (reply.statusCode !== 401 && reply.statusCode !== 403) return done(null, payload);
      audit
        .record(actionContext(request), {
          action: `${request.method} ${request.routeOptions.url ?? 'unknown route'}`,
          resource_type: 'route',
          resource_id: request.url.split('?')[0]!.slice(0, 200),
          outcome: 'denied',
          details: { status: reply.statusCode },
        })
        .catch((err: unknown) => request.log.error({ err }, 'could not audit a denied request'))
        .finally(() => done(null, payload));
    };
    app.addHook('onRoute', (route) => {
      if (![route.method].flat().some((method) => MUTATING.has(method))) return;
      appendRouteHook(route, 'onSend', auditDenied);
    });
  }
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The caller's context for services: who, from where, in which request. */
export function actionContext(request: { principal: Principal; ip: string; id: string }) {
  return { principal: request.principal, ip: request.ip, requestId: request.id };
}
