import { AppError } from '../util/app-error.js';
import type { Principal } from './principal.js';
import { roleRank, type Scope } from './scopes.js';
import type { Role } from '../store/records.js';

/**
 * What a route demands of its caller. Every route declares one (the server refuses to start
 * otherwise), so no route can be reachable without a decision here.
 */
export type Access =
  | { public: true }
  | { authenticated: true }
  | { scope: Scope };

const CHALLENGE = 'Bearer realm="skillport"';

export const authenticationRequired = () =>
  new AppError(401, 'authentication_required', 'Authentication required', { message: 'Send an API key in X-API-Key or Authorization: Bearer, or an OIDC token' }, { 'www-authenticate': CHALLENGE });

export const invalidToken = () =>
  new AppError(401, 'invalid_token', 'Invalid token', {}, { 'www-authenticate': `${CHALLENGE}, error="invalid_token"` });

export function forbidden(missing: string, message = `Forbidden: this requires the ${missing} permission`): AppError {
  return new AppError(403, 'forbidden', message, { missing_permission: missing });
}

export function hasScope(principal: Principal, scope: Scope): boolean {
  return principal.scopes.includes(scope);
}

/** Throws 401 when an anonymous caller lacks access, 403 when a known caller does. */
export function enforce(principal: Principal, access: Access): void {
  if ('public' in access) return;
  if ('authenticated' in access) {
    if (principal.kind === 'anonymous') throw authenticationRequired();
    return;
  }
  if (hasScope(principal, access.scope)) return;
  if (principal.kind === 'anonymous') throw authenticationRequired();
  throw forbidden(access.scope);
}

/** Admin work: role admin or owner, and (for a narrowed key) the `admin` scope. */
export function requireAdmin(principal: Principal): void {
  enforce(principal, { scope: 'admin' });
  if (!principal.role || roleRank(principal.role) < roleRank('admin')) throw forbidden('admin');
}

export function requireRole(principal: Principal, role: Role): void {
  if (!principal.role || roleRank(principal.role) < roleRank(role)) throw forbidden(`role:${role}`, `Forbidden: this requires the ${role} role`);
}

export function isAdmin(principal: Principal): boolean {
  return principal.role !== null && roleRank(principal.role) >= roleRank('admin') && hasScope(principal, 'admin');
}

/** Who may see a stored skill. Filesystem and hub skills are global. */
export interface Visible {
  visibility: 'private' | 'team' | 'global';
  owner_id: string | null;
  shared_with_teams: readonly string[];
}

export function canSee(principal: Principal, item: Visible): boolean {
  if (!hasScope(principal, 'skills:read')) return false;
  if (item.visibility === 'global') return true;
  if (principal.kind === 'anonymous') return false;
  if (isAdmin(principal) || (item.owner_id !== null && item.owner_id === principal.id)) return true;
  return item.visibility === 'team' && item.shared_with_teams.some((team) => principal.teams.includes(team));
}

/** The catalog filter for a caller: what `canSee` allows. */
export function visibleTo(principal: Principal): (entry: { access: Visible }) => boolean {
  return (entry) => entry.access.visibility === 'global' ? hasScope(principal, 'skills:read') : canSee(principal, entry.access);
}
