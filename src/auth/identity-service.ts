import { randomUUID } from 'node:crypto';
import { ConflictError, type ApiKeyRecord, type Role, type Store, type Team, type User } from '../store/index.js';
import { AppError, badRequest, notFound } from '../util/app-error.js';
import { API_KEY_FORMAT, apiKeyPrefix, generateApiKey, hashApiKey, hashesEqual, parseDuration } from './api-key.js';
import { AuditService, type ActionContext } from './audit.js';
import { forbidden, isAdmin, requireAdmin, requireRole } from './policy.js';
import { effectiveScopes, isRole, isScope, lowerRole, roleRank } from './scopes.js';
import type { Principal } from './principal.js';

/** An API key as shown to people: everything but its hash. */
export type ApiKeyView = Omit<ApiKeyRecord, 'hash'> & { status: 'active' | 'expired' | 'revoked' };

export interface CreateKeyInput {
  name: string;
  /** Whose key it is; the caller's own when not given. */
  user_id?: string;
  role?: string;
  scopes?: string[];
  teams?: string[];
  /** `30d`, `12h`, `90m` or seconds. */
  expires_in?: string;
}

export interface CreateUserInput {
  id?: string;
  name: string;
  email?: string | null;
  role: string;
}

const NAME_MAX = 200;

/**
 * Users, teams and API keys, with the rules for who may change what. Every change is audited
 * with the caller's context. HTTP routes and CLI commands both call this; neither holds rules.
 */
export class IdentityService {
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
  ) {}

  /** Called after any change that can alter who a credential belongs to (revocation, role change). */
  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  // ---- users -------------------------------------------------------------------------------

  async listUsers(ctx: ActionContext): Promise<User[]> {
    requireAdmin(ctx.principal);
    return this.store.users.list();
  }

  async getUser(ctx: ActionContext, id: string): Promise<User & { teams: string[] }> {
    if (ctx.principal.id !== id) requireAdmin(ctx.principal);
    const user = await this.store.users.get(id);
    if (!user) throw notFound('User');
    return { ...user, teams: await this.store.teams.teamsOf(id) };
  }

  async createUser(ctx: ActionContext, input: CreateUserInput): Promise<User> {
    requireAdmin(ctx.principal);
    const role = this.checkRole(input.role);
    this.checkGrantableRole(ctx.principal, role);
    const now = new Date().toISOString();
    const user: User = {
      id: input.id ? checkId(input.id, 'id') : `usr_${randomUUID().replace(/-/g, '').slice(0, 16)}`,
      name: checkText(input.name, 'name'),
      email: input.email ? checkEmail(input.email) : null,
      role,
      created_at: now,
      updated_at: now,
    };
    await this.write(ctx, { action: 'user.create', resource_type: 'user', resource_id: user.id, details: { role, email: user.email } }, (s) => s.users.create(user));
    return user;
  }

  async updateUser(ctx: ActionContext, id: string, changes: { name?: string; email?: string | null; role?: string }): Promise<User> {
    requireAdmin(ctx.principal);
    const existing = await this.store.users.get(id);
    if (!existing) throw notFound('User');
    const patch: Partial<Pick<User, 'name' | 'email' | 'role'>> = {};
    if (changes.name !== undefined) patch.name = checkText(changes.name, 'name');
    if (changes.email !== undefined) patch.email = changes.email === null ? null : checkEmail(changes.email);
    if (changes.role !== undefined) {
      patch.role = this.checkRole(changes.role);
      this.checkGrantableRole(ctx.principal, patch.role);
      if (existing.role === 'owner') requireRole(ctx.principal, 'owner');
    }
    const updated = await this.write(ctx, { action: 'user.update', resource_type: 'user', resource_id: id, details: { changes: Object.keys(patch) } }, (s) => s.users.update(id, patch));
    this.changed();
    return updated!;
  }

  async deleteUser(ctx: ActionContext, id: string): Promise<void> {
    requireAdmin(ctx.principal);
    const existing = await this.store.users.get(id);
    if (!existing) throw notFound('User');
    if (existing.role === 'owner') requireRole(ctx.principal, 'owner');
    if (existing.id === ctx.principal.id) throw badRequest('You cannot delete yourself');
    await this.write(ctx, { action: 'user.delete', resource_type: 'user', resource_id: id }, (s) => s.users.delete(id));
    this.changed();
  }

  // ---- teams -------------------------------------------------------------------------------

  async listTeams(ctx: ActionContext): Promise<Team[]> {
    requireAdmin(ctx.principal);
    return this.store.teams.list();
  }

  async getTeam(ctx: ActionContext, idOrName: string): Promise<Team & { members: User[] }> {
    const team = await this.store.teams.get(idOrName);
    // Members see their own teams; to anyone else an unknown team and a foreign one look alike.
    if (!isAdmin(ctx.principal) && (!team || !ctx.principal.teams.includes(team.name))) throw forbidden('admin');
    if (!team) throw notFound('Team');
    return { ...team, members: await this.store.teams.members(team.id) };
  }

  async createTeam(ctx: ActionContext, input: { name: string; description?: string }): Promise<Team> {
    requireAdmin(ctx.principal);
    const team: Team = {
      id: `team_${randomUUID().replace(/-/g, '').slice(0, 16)}`,
      name: checkId(input.name, 'name'),
      description: input.description === undefined ? '' : checkText(input.description, 'description', 2000, true),
      created_at: new Date().toISOString(),
    };
    await this.write(ctx, { action: 'team.create', resource_type: 'team', resource_id: team.id, details: { name: team.name } }, (s) => s.teams.create(team));
    return team;
  }

  async deleteTeam(ctx: ActionContext, idOrName: string): Promise<void> {
    requireAdmin(ctx.principal);
    const team = await this.store.teams.get(idOrName);
    if (!team) throw notFound('Team');
    await this.write(ctx, { action: 'team.delete', resource_type: 'team', resource_id: team.id, details: { name: team.name } }, (s) => s.teams.delete(team.id));
    this.changed();
  }

  async addMember(ctx: ActionContext, idOrName: string, userId: string): Promise<void> {
    requireAdmin(ctx.principal);
    const team = await this.store.teams.get(idOrName);
    if (!team) throw notFound('Team');
    if (!(await this.store.users.get(userId))) throw notFound('User');
    await this.write(ctx, { action: 'team.add_member', resource_type: 'team', resource_id: team.id, details: { user_id: userId } }, (s) => s.teams.addMember(team.id, userId));
    this.changed();
  }

  async removeMember(ctx: ActionContext, idOrName: string, userId: string): Promise<void> {
    requireAdmin(ctx.principal);
    const team = await this.store.teams.get(idOrName);
    if (!team) throw notFound('Team');
    await this.write(ctx, { action: 'team.remove_member', resource_type: 'team', resource_id: team.id, details: { user_id: userId } }, async (s) => {
      // Thrown inside the transaction, so a removal that removed nothing leaves no audit entry.
      if (!(await s.teams.removeMember(team.id, userId))) throw notFound('Team member');
    });
    this.changed();
  }

  // ---- API keys ----------------------------------------------------------------------------

  /**
   * Creates a key and returns it in clear, once. A caller can never hand out more than it has:
   * not a higher role, not a scope it lacks, not a team it is not in (admins excepted).
   */
  async createKey(ctx: ActionContext, input: CreateKeyInput): Promise<{ key: string; api_key: ApiKeyView }> {
    const actor = ctx.principal;
    const forOther = input.user_id !== undefined && input.user_id !== actor.id;
    if (forOther || actor.kind === 'system') requireAdmin(actor);
    else if (!actor.scopes.includes('keys:manage')) throw forbidden('keys:manage');

    const userId = input.user_id ?? actor.id;
    if (!userId) throw badRequest('user_id is required');
    const user = await this.store.users.get(userId);
    if (!user) throw notFound('User');

    const role = input.role === undefined ? user.role : this.checkRole(input.role);
    if (roleRank(role) > roleRank(user.role)) throw badRequest(`role "${role}" is higher than the user's role "${user.role}"`);
    this.checkGrantableRole(actor, role);

    const scopes = [...new Set(input.scopes ?? [])];
    for (const scope of scopes) {
      if (!isScope(scope)) throw badRequest(`unknown scope "${scope}"; known scopes: ${effectiveScopes('owner', []).join(', ')}`);
      if (!actor.scopes.includes(scope)) throw forbidden(scope, `Forbidden: you cannot grant the ${scope} scope, which you do not have`);
    }
    // Keys remember teams by id: a deleted team drops out, and a new team of the same name is not inherited.
    const userTeams = await this.store.teams.teamsOf(user.id);
    const teams: string[] = [];
    const teamNames: string[] = [];
    for (const given of new Set(input.teams ?? [])) {
      const team = await this.store.teams.get(given);
      if (!team) throw badRequest(`unknown team "${given}"`);
      if (!userTeams.includes(team.name) && !isAdmin(actor)) throw forbidden('admin', `Forbidden: the user is not a member of team "${team.name}"`);
      teams.push(team.id);
      teamNames.push(team.name);
    }

    let expiresAt: string | null = null;
    if (input.expires_in !== undefined) {
      const ms = parseDuration(input.expires_in);
      if (ms === null || ms <= 0) throw badRequest('expires_in must be a duration such as 30d, 12h, 90m or a number of seconds');
      expiresAt = new Date(Date.now() + ms).toISOString();
    }

    const key = generateApiKey();
    const record: ApiKeyRecord = {
      id: `key_${randomUUID().replace(/-/g, '').slice(0, 16)}`,
      name: checkText(input.name, 'name'),
      prefix: apiKeyPrefix(key),
      hash: hashApiKey(key),
      user_id: user.id,
      role,
      scopes,
      teams,
      expires_at: expiresAt,
      last_used_at: null,
      revoked_at: null,
      created_at: new Date().toISOString(),
      created_by: actor.id ?? actor.kind,
    };
    await this.write(ctx, { action: 'key.create', resource_type: 'api_key', resource_id: record.id, details: { name: record.name, prefix: record.prefix, user_id: user.id, role, scopes, teams: teamNames, expires_at: expiresAt } }, (s) =>
      s.keys.create(record),
    );
    return { key, api_key: keyView(record) };
  }

  async listKeys(ctx: ActionContext, filter: { user_id?: string; all?: boolean } = {}): Promise<ApiKeyView[]> {
    const actor = ctx.principal;
    if (filter.all || (filter.user_id && filter.user_id !== actor.id)) requireAdmin(actor);
    else if (!actor.scopes.includes('keys:manage')) throw forbidden('keys:manage');
    const userId = filter.all ? undefined : (filter.user_id ?? actor.id ?? undefined);
    return (await this.store.keys.list(userId ? { user_id: userId } : {})).map(keyView);
  }

  async revokeKey(ctx: ActionContext, id: string): Promise<ApiKeyView> {
    const actor = ctx.principal;
    const key = await this.store.keys.get(id);
    const own = key !== undefined && key.user_id === actor.id;
    if (!own) {
      if (!isAdmin(actor)) {
        if (!key) throw notFound('API key');
        throw forbidden('admin', 'Forbidden: only admins can revoke keys of other users');
      }
      if (!key) throw notFound('API key');
    } else if (!actor.scopes.includes('keys:manage')) throw forbidden('keys:manage');
    if (key.revoked_at) return keyView(key);
    const at = new Date().toISOString();
    await this.write(ctx, { action: 'key.revoke', resource_type: 'api_key', resource_id: id, details: { prefix: key.prefix, user_id: key.user_id } }, (s) => s.keys.revoke(id, at));
    this.changed();
    return keyView({ ...key, revoked_at: at });
  }

  // ---- authentication ----------------------------------------------------------------------

  /**
   * Resolves a presented API key, or null when it is malformed, unknown, expired or revoked. The
   * answer and its timing do not depend on which of these it is or on whether its prefix exists.
   */
  async principalForKey(presented: string): Promise<Principal | null> {
    if (!API_KEY_FORMAT.test(presented)) return null;
    const hash = hashApiKey(presented);
    const candidates = await this.store.keys.findByPrefix(apiKeyPrefix(presented));
    let match: ApiKeyRecord | undefined;
    for (const candidate of candidates) if (hashesEqual(hash, candidate.hash)) match = candidate;
    if (candidates.length === 0) hashesEqual(hash, undefined);
    if (!match || match.revoked_at || (match.expires_at && match.expires_at <= new Date().toISOString())) return null;
    const user = await this.store.users.get(match.user_id);
    if (!user) return null;
    const role = lowerRole(match.role, user.role);
    return {
      kind: 'api_key',
      id: user.id,
      role,
      scopes: effectiveScopes(role, match.scopes),
      teams: match.teams.length > 0 ? await this.teamNames(match.teams) : await this.store.teams.teamsOf(user.id),
      keyId: match.id,
    };
  }

  private async teamNames(ids: readonly string[]): Promise<string[]> {
    const teams = await Promise.all(ids.map((id) => this.store.teams.get(id)));
    return teams.filter((team): team is Team => team !== undefined && ids.includes(team.id)).map((team) => team.name);
  }

  async touchKey(id: string): Promise<void> {
    await this.store.keys.touch(id, new Date().toISOString());
  }

  /**
   * First start with an empty database: creates the owner and an owner key. Returns the key when
   * one was made here (the caller shows it once), null when the database already had users.
   */
  async bootstrap(providedKey?: string): Promise<{ key: string; generated: boolean } | null> {
    // Keyed on the owner, not on any user, so users made from the console before the first start
    // do not leave the server without an owner.
    if ((await this.store.users.list()).some((user) => user.role === 'owner')) return null;
    if (providedKey !== undefined && !API_KEY_FORMAT.test(providedKey)) {
      throw new AppError(400, 'invalid_bootstrap_key', 'SKILLPORT_BOOTSTRAP_KEY must be "sk_" followed by 64 lowercase hex characters');
    }
    const key = providedKey ?? generateApiKey();
    const now = new Date().toISOString();
    const owner: User = { id: 'owner', name: 'Owner', email: null, role: 'owner', created_at: now, updated_at: now };
    const record: ApiKeyRecord = {
      id: `key_${randomUUID().replace(/-/g, '').slice(0, 16)}`,
      name: 'bootstrap owner key',
      prefix: apiKeyPrefix(key),
      hash: hashApiKey(key),
      user_id: owner.id,
      role: 'owner',
      scopes: [],
      teams: [],
      expires_at: null,
      last_used_at: null,
      revoked_at: null,
      created_at: now,
      created_by: null,
    };
    try {
      await this.store.transaction(async (s) => {
        await s.users.create(owner);
        await s.keys.create(record);
        await this.audit.record({ principal: { kind: 'system', id: null, role: 'owner', scopes: [], teams: [], keyId: null }, ip: null, requestId: null }, { action: 'bootstrap', resource_type: 'api_key', resource_id: record.id, outcome: 'success', details: { prefix: record.prefix } }, s);
      });
    } catch (err) {
      // Another node bootstrapped first.
      if (err instanceof ConflictError) return null;
      throw err;
    }
    return { key, generated: providedKey === undefined };
  }

  // ---- helpers -----------------------------------------------------------------------------

  private checkRole(role: string): Role {
    if (!isRole(role)) throw badRequest(`role must be one of viewer, member, admin, owner; not "${String(role).slice(0, 40)}"`);
    return role;
  }

  private checkGrantableRole(actor: Principal, role: Role): void {
    if (role === 'owner') requireRole(actor, 'owner');
    if (!actor.role || roleRank(role) > roleRank(actor.role)) throw forbidden(`role:${role}`, `Forbidden: you cannot grant the ${role} role`);
  }

  /** Runs a write and its audit record in one transaction, so neither lands without the other. */
  private async write<T>(ctx: ActionContext, audit: { action: string; resource_type: string; resource_id: string; details?: Record<string, unknown> }, work: (store: Store) => Promise<T>): Promise<T> {
    try {
      return await this.store.transaction(async (s) => {
        const result = await work(s);
        await this.audit.record(ctx, { ...audit, outcome: 'success' }, s);
        return result;
      });
    } catch (err) {
      if (err instanceof ConflictError) throw new AppError(409, 'conflict', err.message);
      throw err;
    }
  }

  /** Tells every listener that identities changed outside this process (another node, the CLI). */
  changedElsewhere(): void {
    this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

export function keyView(record: ApiKeyRecord): ApiKeyView {
  const { hash: _hash, ...rest } = record;
  const status = record.revoked_at ? 'revoked' : record.expires_at && record.expires_at <= new Date().toISOString() ? 'expired' : 'active';
  return { ...rest, status };
}

function checkText(value: unknown, field: string, max = NAME_MAX, allowEmpty = false): string {
  if (typeof value !== 'string' || (!allowEmpty && !value.trim())) throw badRequest(`${field} must be a non-empty string`);
  if (value.length > max) throw badRequest(`${field} must be at most ${max} characters`);
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(value)) throw badRequest(`${field} must not contain control characters`);
  return value.trim();
}

function checkId(value: string, field: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(value)) throw badRequest(`${field} may contain letters, digits, '.', '_' and '-', at most 64 characters`);
  return value;
}

function checkEmail(value: string): string {
  if (value.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) throw badRequest('email must be an email address');
  return value.toLowerCase();
}
