import { randomUUID } from 'node:crypto';
import type { ActionContext, AuditService } from '../auth/audit.js';
import type { Catalog, SkillEntry } from '../catalog/index.js';
import type { ScanOverride, Store } from '../store/index.js';
import { AppError, badRequest } from '../util/app-error.js';
import { entryDigest, entryId } from './digest.js';
import { checkPolicy, type EffectivePolicy } from './policy.js';
import type { ScanState } from './scan-state.js';

export interface OverrideInput {
  skill_id?: string;
  name?: string;
  version?: string;
  reason?: string;
  expires_at?: string;
}

const MAX_REASON = 2000;

/** The quarantine policy and admin overrides of it; every change is stored, audited and live at once. */
export class QuarantineService {
  constructor(
    private readonly store: Store,
    private readonly state: ScanState,
    private readonly catalog: Catalog,
    private readonly audit: AuditService,
  ) {}

  policy(): EffectivePolicy {
    return this.state.policy;
  }

  async putPolicy(ctx: ActionContext, input: Record<string, unknown>): Promise<EffectivePolicy> {
    const unknown = Object.keys(input).filter((key) => !['mode', 'block_at', 'unscanned', 'exclude_flagged_from_catalog', 'allow_list_skill_ids', 'rules', 'updated_at', 'updated_by'].includes(key));
    if (unknown.length > 0) throw badRequest(`Unknown field${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`);
    // Fields left out keep their current value, so a client can change one setting at a time.
    const before = this.state.policy;
    const policy = checkPolicy({ ...before, ...withoutStamps(input) });
    const effective: EffectivePolicy = { ...policy, updated_at: new Date().toISOString(), updated_by: ctx.principal.id };
    await this.store.transaction(async (s) => {
      await s.scans.putPolicy({ policy: { ...policy }, updated_at: effective.updated_at!, updated_by: effective.updated_by });
      await this.audit.record(ctx, { action: 'quarantine_policy.update', resource_type: 'quarantine_policy', resource_id: 'default', outcome: 'success', details: { before: withoutStamps({ ...before }), after: policy } }, s);
    });
    this.state.setPolicy(effective);
    return effective;
  }

  overrides(): ScanOverride[] {
    return this.state.listOverrides();
  }

  /** Lets one exact content of a skill run despite the policy; a later change of the skill needs a new review. */
  async addOverride(ctx: ActionContext, input: OverrideInput): Promise<ScanOverride> {
    const reason = input.reason?.trim() ?? '';
    if (reason === '') throw badRequest('reason is required: say why this skill may run despite its scan');
    if (reason.length > MAX_REASON) throw badRequest(`reason is ${reason.length} characters; the limit is ${MAX_REASON}`);
    let expires: string | null = null;
    if (input.expires_at !== undefined) {
      const at = Date.parse(input.expires_at);
      if (Number.isNaN(at)) throw badRequest('expires_at must be an ISO 8601 time, e.g. 2027-01-31T00:00:00Z');
      if (at <= Date.now()) throw badRequest('expires_at is in the past');
      expires = new Date(at).toISOString();
    }
    const entry = this.target(input);
    const override: ScanOverride = {
      id: `override_${randomUUID().replaceAll('-', '')}`,
      digest: entryDigest(entry),
      skill_id: entryId(entry),
      name: entry.name,
      version: entry.version,
      reason,
      created_by: ctx.principal.id,
      created_at: new Date().toISOString(),
      expires_at: expires,
    };
    // One override per content: a new one replaces the old, so removing it leaves none behind.
    const replaced = this.state.listOverrides().find((existing) => existing.digest === override.digest);
    await this.store.transaction(async (s) => {
      if (replaced) await s.scans.deleteOverride(replaced.id);
      await s.scans.addOverride(override);
      await this.audit.record(ctx, { action: 'scan_override.create', resource_type: 'scan_override', resource_id: override.id, outcome: 'success', details: { skill_id: override.skill_id, name: override.name, version: override.version, digest: override.digest, reason, expires_at: expires } }, s);
    });
    if (replaced) this.state.removeOverride(replaced.id);
    this.state.addOverride(override);
    return override;
  }

  /** Removes the override with `id`, or the one covering the named skill version. */
  async removeOverride(ctx: ActionContext, input: OverrideInput & { id?: string }): Promise<ScanOverride> {
    const existing = input.id !== undefined ? this.state.listOverrides().find((o) => o.id === input.id) : this.state.overrideFor(this.target(input), Number.NEGATIVE_INFINITY);
    if (!existing) throw new AppError(404, 'override_not_found', 'No override for that skill; list them at GET /api/skills/scan-override');
    await this.store.transaction(async (s) => {
      await s.scans.deleteOverride(existing.id);
      await this.audit.record(ctx, { action: 'scan_override.delete', resource_type: 'scan_override', resource_id: existing.id, outcome: 'success', details: { skill_id: existing.skill_id, name: existing.name, version: existing.version } }, s);
    });
    this.state.removeOverride(existing.id);
    return existing;
  }

  /** The skill version an override names: by catalog id, or by name (and version; else the one a bare name resolves to). */
  private target(input: OverrideInput): SkillEntry {
    const snapshot = this.catalog.snapshot();
    if (input.skill_id !== undefined) {
      const entry = [...snapshot.allVersions()].find((candidate) => entryId(candidate) === input.skill_id);
      if (!entry) throw new AppError(404, 'skill_not_found', `No skill with id "${input.skill_id}"`);
      return entry;
    }
    if (input.name === undefined) throw badRequest('Name the skill: skill_id (from the catalog), or name with an optional version');
    const entry = input.version !== undefined ? snapshot.resolveExact(input.name, input.version) : snapshot.resolve(input.name);
    if (!entry) throw new AppError(404, 'skill_not_found', `Unknown skill: ${input.version !== undefined ? `${input.name}@${input.version}` : input.name}`);
    return entry;
  }
}

function withoutStamps(input: Record<string, unknown>): Record<string, unknown> {
  const { updated_at: _at, updated_by: _by, ...rest } = input;
  return rest;
}
