import { hash, randomBytes, randomUUID } from 'node:crypto';
import type { ShareRecord, Store, Team } from '../store/index.js';
import { AppError, badRequest, notFound } from '../util/app-error.js';
import { hashesEqual, parseDuration } from './api-key.js';
import type { ActionContext, AuditService } from './audit.js';
import type { IdentityService } from './identity-service.js';
import { forbidden, isAdmin } from './policy.js';
import type { Principal } from './principal.js';

/** `shr_` followed by 64 lowercase hex characters (32 random bytes). */
export const SHARE_TOKEN_FORMAT = /^shr_[0-9a-f]{64}$/;

/** A share as shown to people: everything but its hash, with the team's name. */
export type ShareView = Omit<ShareRecord, 'hash'> & { team: string | null; status: 'active' | 'expired' | 'revoked' };

export interface CreateShareInput {
  name?: string;
  /** A team's view: what a member of that team sees. */
  team?: string;
  /** Only these skills (by name), as the creator sees them. */
  skills?: string[];
  /** `30d`, `12h`, `90m` or seconds; never expires when not given. */
  expires_in?: string;
  /** Whose share it is when the operator creates one at the console (default: the `owner` user). */
  created_by?: string;
}

/** What a valid token gives: the share and the principal its skills are read with. */
export interface ResolvedShare {
  share: ShareRecord;
  principal: Principal;
}

/** Tells whether a skill name exists for someone, so a share cannot name skills its creator cannot read. */
export type SkillLookup = (principal: Principal, name: string) => boolean;

const MAX_SKILLS = 200;
const NAME_MAX = 200;
const CACHE_MS = 5_000;
const CACHE_LIMIT = 10_000;

/**
 * Read-only share links for installers that send no credentials (`npx skills add URL`). A share
 * gives one of three sets: a team's view, named skills, or everything its creator may read; it is
 * always read-only and never carries admin rights. The token is shown once and kept as a hash.
 * Resolved tokens are cached for a few seconds and the cache is dropped on any change to shares,
 * users or teams, here or on another node, so a revoked share is refused at once.
 */
export class ShareService {
  private readonly cache = new Map<string, { resolved: ResolvedShare; until: number }>();

  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly skills: SkillLookup,
    identity?: IdentityService,
  ) {
    identity?.onChange(() => this.changedElsewhere());
  }

  async create(ctx: ActionContext, input: CreateShareInput): Promise<{ token: string; share: ShareView }> {
    const actor = ctx.principal;
    if (actor.kind === 'anonymous') throw forbidden('keys:manage');
    if (!actor.scopes.includes('keys:manage')) throw forbidden('keys:manage', 'Forbidden: creating a share link requires the keys:manage permission, as creating a key does');
    if (input.team !== undefined && input.skills !== undefined) throw badRequest('give either team or skills, not both: a share is a team\'s view, named skills, or (with neither) everything you may read');

    const creatorId = actor.kind === 'system' ? (input.created_by ?? 'owner') : actor.id;
    if (input.created_by !== undefined && input.created_by !== creatorId) throw badRequest('created_by can only be set at the console');
    if (!creatorId) throw badRequest('a share needs a user to read with');
    const creator = await this.store.users.get(creatorId);
    if (!creator) throw notFound('User');

    let team: Team | undefined;
    if (input.team !== undefined) {
      team = await this.store.teams.get(input.team);
      if (!team) throw badRequest(`unknown team ${JSON.stringify(input.team)}`);
      const member = actor.kind === 'system' || isAdmin(actor) || actor.teams.includes(team.name);
      if (!member) throw forbidden('admin', `Forbidden: only admins and members of team "${team.name}" can share its skills`);
    }

    let skills: string[] = [];
    if (input.skills !== undefined) {
      skills = [...new Set(input.skills.map((name) => name.trim()))].sort();
      if (skills.length === 0) throw badRequest('skills must name at least one skill');
      if (skills.length > MAX_SKILLS) throw badRequest(`a share names at most ${MAX_SKILLS} skills; share a team instead`);
      const reader = await this.creatorPrincipal(creatorId);
      const unknown = skills.filter((name) => !reader || !this.skills(reader, name));
      if (unknown.length > 0) throw badRequest(`unknown skill(s), or not visible to ${creatorId}: ${unknown.join(', ')}`, { unknown_skills: unknown });
    }

    let expiresAt: string | null = null;
    if (input.expires_in !== undefined) {
      const ms = parseDuration(input.expires_in);
      if (ms === null || ms <= 0) throw badRequest('expires_in must be a duration such as 30d, 12h, 90m or a number of seconds');
      expiresAt = new Date(Date.now() + ms).toISOString();
    }

    const kind: ShareRecord['kind'] = team ? 'team' : input.skills !== undefined ? 'skills' : 'all';
    const token = `shr_${randomBytes(32).toString('hex')}`;
    const record: ShareRecord = {
      id: `shr_${randomUUID().replace(/-/g, '').slice(0, 16)}`,
      name: checkName(input.name ?? defaultName(kind, team?.name, skills)),
      prefix: tokenPrefix(token),
      hash: hashToken(token),
      kind,
      team_id: team?.id ?? null,
      skills,
      created_by: creatorId,
      created_at: new Date().toISOString(),
      expires_at: expiresAt,
      revoked_at: null,
    };
    await this.store.transaction(async (s) => {
      await s.shares.create(record);
      await this.audit.record(ctx, {
        action: 'share.create',
        resource_type: 'share',
        resource_id: record.id,
        outcome: 'success',
        details: { name: record.name, kind, team: team?.name ?? null, skills, created_by: creatorId, expires_at: expiresAt },
      }, s);
    });
    return { token, share: this.view(record, team?.name ?? null) };
  }

  /** Admins see every share; anyone else the ones they made. */
  async list(ctx: ActionContext): Promise<ShareView[]> {
    const actor = ctx.principal;
    if (!actor.scopes.includes('keys:manage')) throw forbidden('keys:manage');
    const all = actor.kind === 'system' || isAdmin(actor);
    const records = await this.store.shares.list(all ? {} : { created_by: actor.id ?? '' });
    const teams = new Map((await this.store.teams.list()).map((t) => [t.id, t.name]));
    return records.map((r) => this.view(r, r.team_id ? (teams.get(r.team_id) ?? null) : null));
  }

  async get(ctx: ActionContext, id: string): Promise<ShareView> {
    const record = await this.owned(ctx, id);
    return this.view(record, await this.teamName(record.team_id));
  }

  /** Revokes a share: refused on every node from now on. Its creator or an admin may. */
  async revoke(ctx: ActionContext, id: string): Promise<ShareView> {
    const record = await this.owned(ctx, id);
    if (record.revoked_at) return this.view(record, await this.teamName(record.team_id));
    const at = new Date().toISOString();
    await this.store.transaction(async (s) => {
      await s.shares.revoke(id, at);
      await this.audit.record(ctx, { action: 'share.revoke', resource_type: 'share', resource_id: id, outcome: 'success', details: { name: record.name, prefix: record.prefix } }, s);
    });
    this.changedElsewhere();
    return this.view({ ...record, revoked_at: at }, await this.teamName(record.team_id));
  }

  /**
   * The share a token opens, or a 401 saying why not. Unknown, malformed, revoked and expired
   * tokens are refused the same way in timing; only a token that once was valid learns which.
   */
  async resolve(token: string): Promise<ResolvedShare> {
    const now = Date.now();
    const cached = this.cache.get(token);
    if (cached && cached.until >= now) {
      this.checkLive(cached.resolved.share, now);
      return cached.resolved;
    }
    if (!SHARE_TOKEN_FORMAT.test(token)) throw shareInvalid();
    const digest = hashToken(token);
    const candidates = await this.store.shares.findByPrefix(tokenPrefix(token));
    let match: ShareRecord | undefined;
    for (const candidate of candidates) if (hashesEqual(digest, candidate.hash)) match = candidate;
    if (candidates.length === 0) hashesEqual(digest, undefined);
    if (!match) throw shareInvalid();
    this.checkLive(match, now);
    const principal = await this.principalFor(match);
    if (!principal) throw shareInvalid('This share link no longer works: the team or user it reads with was deleted. Ask for a new one.');
    const resolved = { share: match, principal };
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(token, { resolved, until: now + CACHE_MS });
    return resolved;
  }

  /** Shares, users or teams changed (here, on another node, or at the console). */
  changedElsewhere(): void {
    this.cache.clear();
  }

  private checkLive(share: ShareRecord, now: number): void {
    if (share.revoked_at) throw shareInvalid(`This share link was revoked on ${share.revoked_at}. Ask whoever gave it to you for a new one.`);
    if (share.expires_at && Date.parse(share.expires_at) <= now) throw shareInvalid(`This share link expired on ${share.expires_at}. Ask whoever gave it to you for a new one.`);
  }

  /** A team share reads as a viewer in that team; the others as their creator, read-only and without admin rights. */
  private async principalFor(share: ShareRecord): Promise<Principal | null> {
    if (share.kind === 'team') {
      const team = share.team_id ? await this.store.teams.get(share.team_id) : undefined;
      if (!team || team.id !== share.team_id) return null;
      return { kind: 'user', id: `share:${share.id}`, role: 'viewer', scopes: ['skills:read'], teams: [team.name], keyId: null };
    }
    return this.creatorPrincipal(share.created_by);
  }

  private async creatorPrincipal(userId: string): Promise<Principal | null> {
    const user = await this.store.users.get(userId);
    if (!user) return null;
    return { kind: 'user', id: user.id, role: user.role, scopes: ['skills:read'], teams: await this.store.teams.teamsOf(user.id), keyId: null };
  }

  private async owned(ctx: ActionContext, id: string): Promise<ShareRecord> {
    const actor = ctx.principal;
    if (!actor.scopes.includes('keys:manage')) throw forbidden('keys:manage');
    const record = await this.store.shares.get(id);
    if (!record) throw notFound('Share');
    if (record.created_by !== actor.id && actor.kind !== 'system' && !isAdmin(actor)) throw notFound('Share');
    return record;
  }

  private async teamName(teamId: string | null): Promise<string | null> {
    if (!teamId) return null;
    return (await this.store.teams.get(teamId))?.name ?? null;
  }

  private view(record: ShareRecord, team: string | null): ShareView {
    const { hash: _hash, ...rest } = record;
    const status = record.revoked_at ? 'revoked' : record.expires_at && Date.parse(record.expires_at) <= Date.now() ? 'expired' : 'active';
    return { ...rest, team, status };
  }
}

export const shareInvalid = (message = 'This share link is not valid: it may have been mistyped, revoked or expired. Ask whoever gave it to you for a new one.') =>
  new AppError(401, 'share_invalid', message);

function hashToken(token: string): string {
  return hash('sha256', token, 'hex');
}

function tokenPrefix(token: string): string {
  return token.slice(4, 12);
}

function defaultName(kind: ShareRecord['kind'], team: string | undefined, skills: string[]): string {
  if (kind === 'team') return `team ${team}`;
  if (kind === 'skills') return skills.length <= 3 ? skills.join(', ') : `${skills.slice(0, 3).join(', ')} and ${skills.length - 3} more`;
  return 'everything';
}

function checkName(value: string): string {
  const name = value.trim();
  if (!name) throw badRequest('name must be a non-empty string');
  if (name.length > NAME_MAX) throw badRequest(`name must be at most ${NAME_MAX} characters`);
  if (/[\u0000-\u001f\u007f]/.test(name)) throw badRequest('name must not contain control characters');
  return name;
}
