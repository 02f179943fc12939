import type { Role } from '../store/records.js';

/**
 * What a caller may do. Roles give default scopes; an API key may carry a narrower list, plus
 * `skills:dangerous` when someone allowed to grant it did so.
 */
export const SCOPES = ['skills:read', 'skills:write', 'skills:admin', 'skills:dangerous', 'tasks:run', 'keys:manage', 'admin', 'metrics:read'] as const;
export type Scope = (typeof SCOPES)[number];

export const ROLES: readonly Role[] = ['viewer', 'member', 'admin', 'owner'];

const VIEWER: Scope[] = ['skills:read', 'keys:manage'];
const MEMBER: Scope[] = [...VIEWER, 'skills:write', 'tasks:run'];
const ADMIN: Scope[] = [...MEMBER, 'skills:admin', 'skills:dangerous', 'admin', 'metrics:read'];

export const ROLE_SCOPES: Record<Role, readonly Scope[]> = { viewer: VIEWER, member: MEMBER, admin: ADMIN, owner: ADMIN };

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

export function lowerRole(a: Role, b: Role): Role {
  return roleRank(a) <= roleRank(b) ? a : b;
}

/** A key's scopes: its own list limited to what its role allows (plus a granted `skills:dangerous`), or the role's defaults. */
export function effectiveScopes(role: Role, keyScopes: readonly string[]): Scope[] {
  const allowed = new Set<Scope>([...ROLE_SCOPES[role], 'skills:dangerous']);
  if (keyScopes.length === 0) return [...ROLE_SCOPES[role]];
  return keyScopes.filter((s): s is Scope => isScope(s) && allowed.has(s));
}
