import type { RouteOptions } from 'fastify';

type HookName = 'onRequest' | 'onSend' | 'onResponse';

/**
 * Adds a hook to one route as it registers (from an `onRoute` hook), after any it already has.
 * Route-level hooks cost only the routes that carry them; a global hook that asks per request
 * whether it applies costs every request.
 */
export function appendRouteHook<K extends HookName>(route: RouteOptions, name: K, hook: unknown): void {
  const existing = route[name] as unknown;
  (route as unknown as Record<K, unknown[]>)[name] = [...(existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]), hook];
}
