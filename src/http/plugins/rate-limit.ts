import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../util/app-error.js';
import { appendRouteHook } from './route-hooks.js';

/**
 * Per-caller request budget: each API key (or token user) has its own, anonymous callers share
 * one per address. It runs after the caller is identified and before access is decided, so
 * failed authentication attempts are limited too. Public probes (health, OpenAPI) are exempt:
 * the limiter is attached to every other route as it is registered, so they never run it.
 */
export async function registerRateLimit(app: FastifyInstance, perMinute: number): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    max: perMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => request.principal.keyId ?? request.principal.id ?? `ip:${request.ip}`,
    errorResponseBuilder: (_request, context) =>
      new AppError(429, 'rate_limited', `Too many requests: the limit is ${context.max} per minute; retry in ${Math.ceil(context.ttl / 1000)} s`),
  });
  const limit = app.rateLimit();
  // Registered before access control, so on each route the limiter comes before the access check.
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (access && 'public' in access) return;
    appendRouteHook(route, 'onRequest', limit);
  });
}
