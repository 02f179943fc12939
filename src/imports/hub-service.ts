import { randomUUID } from 'node:crypto';
import type { ActionContext, AuditService } from '../auth/audit.js';
import { LeasedSchedule } from '../cluster/leased-schedule.js';
import { fetchRepository, remoteHead, resolveRequest, type GitAccessOptions } from '../git/fetch.js';
import type { RepositorySnapshot } from '../git/tree.js';
import type { ScanService } from '../scanning/index.js';
import type { HubSource } from '../sources/hub/source.js';
import { ConflictError, type HubRecord, type HubSkillRecord, type HubSyncOutcome, type Store } from '../store/index.js';
import { AppError, badRequest } from '../util/app-error.js';
import type { Logger } from '../util/logger.js';
import { crawlSnapshot, type CrawlResult } from './crawl.js';
import type { CredentialService } from './credentials.js';

export interface HubInput {
  name: string;
  repository: string;
  ref?: string | null;
  paths?: string[];
  credentials_ref?: string | null;
  sync_interval_s?: number;
  enabled?: boolean;
  visibility?: 'global' | 'team';
  shared_with_teams?: string[];
}

export interface HubServiceDeps {
  store: Store;
  git: GitAccessOptions;
  credentials: CredentialService;
  scans: ScanService;
  source: HubSource;
  audit: AuditService;
  logger?: Logger;
  /** This process, as hub claims and the sync schedule's lease record it (unique per process). */
  nodeId: string;
  /** How often this node looks for hubs due to sync, and for results other nodes stored. */
  checkMs: number;
  /**
   * How long a claim lasts unrenewed. A sync renews its claim every third of this while it runs,
   * so a long sync keeps it; a node that dies stops renewing, and another takes the hub over once
   * the claim lapses.
   */
  claimMs: number;
}

/** A sync found its claim taken by another node (it lapsed): it stores nothing. */
const claimLost = (name: string) => new AppError(409, 'hub_claim_lost', `the sync of hub "${name}" ran past its claim and another node took the hub over; that node's result is served`);

export interface SyncReport {
  hub: ReturnType<typeof hubView>;
  /** `synced`: new files stored; `unchanged`: the same commit; `other_node`: another node synced it and this one took its result. */
  result: 'synced' | 'unchanged' | 'other_node';
}

const DEFAULT_INTERVAL_S = 3600;
const MIN_INTERVAL_S = 10;
const MAX_PATHS = 50;
const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const notFound = () => new AppError(404, 'hub_not_found', 'Hub not found');

/**
 * Hubs: git repositories whose skills are kept in the catalog. A sync asks the host which commit
 * the ref points at; the same commit as last time does nothing, a new one is fetched, every
 * skill validated and scanned, and the result stored (skills, scans, status) in one transaction,
 * then served by every node from the database. One node syncs a hub at a time: a sync first
 * claims the hub row with a compare-and-set that expires and renews it while it runs; a node
 * that finds the hub claimed waits for the other's result and serves it, or takes the hub over
 * when the claim lapses (its node died). Periodic syncs run under a lease, on one node at a time;
 * every node checks on the same period for results other nodes stored.
 */
export class HubService {
  private timer: NodeJS.Timeout | undefined;
  private loading: Promise<void> | undefined;
  private readonly schedule: LeasedSchedule;
  private stopped = false;
  private readonly inFlight = new Map<string, Promise<SyncReport>>();

  constructor(private readonly deps: HubServiceDeps) {
    this.schedule = new LeasedSchedule(deps.store, { name: 'hubs.sync', holder: deps.nodeId, everyMs: deps.checkMs, run: () => this.syncDue(), logger: deps.logger });
  }

  start(): void {
    this.timer = setInterval(() => void this.loadResults(), this.deps.checkMs);
    this.timer.unref();
    this.schedule.start();
    // Hubs never synced, or overdue, are synced soon after start (by whichever node holds the lease).
    void this.schedule.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.loading;
    await this.schedule.stop();
    await Promise.allSettled([...this.inFlight.values()]);
  }

  async list() {
    return (await this.deps.store.hubs.list()).map(hubView);
  }

  async get(idOrName: string) {
    return hubView(await this.record(idOrName));
  }

  async create(ctx: ActionContext, input: HubInput) {
    const checked = await this.check(input);
    const now = new Date().toISOString();
    const hub: HubRecord = {
      id: `hub_${randomUUID().replaceAll('-', '').slice(0, 16)}`,
      ...checked,
      created_by: ctx.principal.id,
      created_at: now,
      updated_at: now,
      last_commit: null,
      last_ref: null,
      last_sync_at: null,
      last_attempt_at: null,
      last_duration_ms: null,
      last_status: null,
      last_error: null,
      skills_count: 0,
      sync_errors: [],
      result_version: 0,
      claimed_by: null,
      claim_until: null,
    };
    try {
      await this.deps.store.transaction(async (s) => {
        await s.hubs.create(hub);
        await this.deps.audit.record(ctx, { action: 'hub.create', resource_type: 'hub', resource_id: hub.id, outcome: 'success', details: { name: hub.name, repository: hub.repository } }, s);
      });
    } catch (err) {
      if (err instanceof ConflictError) throw new AppError(409, 'conflict', err.message);
      throw err;
    }
    await this.deps.source.reloadHub(hub.id);
    return hubView(hub);
  }

  async update(ctx: ActionContext, idOrName: string, input: Partial<HubInput>) {
    const current = await this.record(idOrName);
    const checked = await this.check({ ...current, ...input } as HubInput);
    // A different repository, ref or paths means the next sync must fetch again.
    const moved = checked.repository !== current.repository || checked.ref !== current.ref || JSON.stringify(checked.paths) !== JSON.stringify(current.paths);
    const changes = { ...checked, updated_at: new Date().toISOString(), ...(moved ? { last_commit: null } : {}) };
    try {
      await this.deps.store.transaction(async (s) => {
        await s.hubs.update(current.id, changes);
        await this.deps.audit.record(ctx, { action: 'hub.update', resource_type: 'hub', resource_id: current.id, outcome: 'success', details: { name: checked.name, fields: Object.keys(input) } }, s);
      });
    } catch (err) {
      if (err instanceof ConflictError) throw new AppError(409, 'conflict', err.message);
      throw err;
    }
    await this.deps.source.reloadHub(current.id);
    return hubView({ ...current, ...changes });
  }

  async delete(ctx: ActionContext, idOrName: string): Promise<void> {
    const current = await this.record(idOrName);
    await this.deps.store.transaction(async (s) => {
      await s.hubs.delete(current.id);
      await this.deps.audit.record(ctx, { action: 'hub.delete', resource_type: 'hub', resource_id: current.id, outcome: 'success', details: { name: current.name } }, s);
    });
    await this.deps.source.reloadHub(current.id);
  }

  /** Crawls a repository as a hub would, storing nothing: what its skills are and what the scan makes of them. */
  async preview(input: Pick<HubInput, 'repository' | 'ref' | 'paths' | 'credentials_ref'>) {
    const credential = await this.deps.credentials.resolve(input.credentials_ref);
    const snapshot = await fetchRepository({ repository: input.repository, ref: input.ref ?? undefined, paths: input.paths, credential }, this.deps.git);
    try {
      const crawl = await this.crawl(snapshot, 'preview');
      return {
        repository: crawl.repository,
        ref: crawl.ref,
        commit: crawl.commit,
        skills: crawl.skills.map((s) => ({
          name: s.name,
          version: s.version,
          description: s.entry.manifest.description,
          path: s.path,
          layout: s.layout,
          files: s.files.map((f) => ({ path: f.path, size: f.size, sha256: f.sha256 })),
          scan_status: s.scan.record.verdict,
          max_severity: s.scan.record.max_severity,
          blocked: !s.scan.decision.runnable,
          blocked_reason: s.scan.decision.blocked_reason,
        })),
        count: crawl.skills.length,
        errors: crawl.errors,
        lfs_pointers: crawl.lfs_pointers,
        submodules: crawl.submodules,
      };
    } finally {
      await snapshot.cleanup();
    }
  }

  /** Syncs one hub now (or takes the result of the node that is syncing it). */
  sync(idOrName: string): Promise<SyncReport> {
    const existing = this.inFlight.get(idOrName);
    if (existing) return existing;
    const run = this.syncOnce(idOrName).finally(() => this.inFlight.delete(idOrName));
    this.inFlight.set(idOrName, run);
    return run;
  }

  /** Every enabled hub, for `POST /skills/refresh?include_hubs=true`; a failing hub is reported, not thrown. */
  async syncAll(): Promise<Array<{ id: string; name: string; result: SyncReport['result'] | 'failed'; error?: string }>> {
    const hubs = (await this.deps.store.hubs.list()).filter((hub) => hub.enabled);
    const results = [];
    for (const hub of hubs) {
      try {
        results.push({ id: hub.id, name: hub.name, result: (await this.sync(hub.id)).result });
      } catch (err) {
        results.push({ id: hub.id, name: hub.name, result: 'failed' as const, error: err instanceof Error ? err.message : String(err) });
      }
    }
    return results;
  }

  /** Loads the results other nodes stored since this node last looked (every node, every period). */
  loadResults(): Promise<void> {
    this.loading ??= (async () => {
      try {
        for (const hub of await this.deps.store.hubs.list()) {
          if (this.stopped) return;
          if (this.deps.source.loadedVersion(hub.id) !== hub.result_version) await this.deps.source.reloadHub(hub.id);
        }
      } catch (err) {
        this.deps.logger?.error({ err }, 'could not read hubs');
      }
    })().finally(() => (this.loading = undefined));
    return this.loading;
  }

  /** Syncs the hubs that are due; runs on the node holding the schedule's lease. A hub another node is syncing is left to it. */
  async syncDue(): Promise<void> {
    if (this.stopped) return;
    const hubs = await this.deps.store.hubs.list();
    for (const hub of hubs) {
      if (this.stopped) return;
      if (!hub.enabled || hub.sync_interval_s === 0 || !isDue(hub) || isClaimed(hub)) continue;
      try {
        await this.sync(hub.id);
      } catch (err) {
        this.deps.logger?.warn({ hub: hub.name, error: err instanceof Error ? err.message : String(err) }, 'hub sync failed');
      }
    }
    await this.loadResults();
  }

  private async syncOnce(idOrName: string): Promise<SyncReport> {
    const hub = await this.record(idOrName);
    // Bounds the wait for another node's sync: it renews its claim, but no sync outlives its git time limits by much.
    const deadline = Date.now() + this.deps.git.limits.timeoutMs * 3 + this.deps.claimMs * 2;
    for (;;) {
      const now = Date.now();
      if (await this.deps.store.hubs.claim(hub.id, this.deps.nodeId, new Date(now).toISOString(), new Date(now + this.deps.claimMs).toISOString())) return this.syncClaimed(hub.id);
      const other = await this.awaitOther(hub.id, deadline);
      if (other) return other;
      // The claim lapsed unreleased: its node died mid-sync. Take the hub over (unless another
      // waiting node is quicker; then wait for that one, after a pause so no loop spins).
      this.deps.logger?.warn({ hub: hub.name }, 'a hub claim lapsed; taking the sync over');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Runs a sync this node holds the claim for, renewing the claim until it is done. */
  private async syncClaimed(hubId: string): Promise<SyncReport> {
    const started = Date.now();
    const claim = this.keepClaim(hubId);
    const hub = await this.record(hubId);
    try {
      const credential = await this.deps.credentials.resolve(hub.credentials_ref);
      const request = { repository: hub.repository, ref: hub.ref ?? undefined, paths: hub.paths, credential };
      const head = await remoteHead(request, this.deps.git);
      if (head.commit === hub.last_commit) {
        await this.saveOutcome(hub, { ...outcomeOf(hub), last_status: 'unchanged', last_error: null, last_sync_at: new Date().toISOString(), last_attempt_at: new Date().toISOString(), last_duration_ms: Date.now() - started }, false);
        if (this.deps.source.loadedVersion(hub.id) !== hub.result_version) await this.deps.source.reloadHub(hub.id);
        return { hub: hubView(released(await this.record(hub.id))), result: 'unchanged' };
      }
      const snapshot = await fetchRepository({ ...request, ref: head.commit }, this.deps.git);
      try {
        const crawl = await this.crawl(snapshot, hub.id);
        if (claim.lost()) throw claimLost(hub.name);
        await this.store(hub, { ...crawl, ref: head.ref }, started);
      } finally {
        await snapshot.cleanup();
      }
      await this.deps.source.reloadHub(hub.id);
      const after = await this.record(hub.id);
      this.deps.logger?.info({ hub: after.name, commit: after.last_commit, skills: after.skills_count, ms: after.last_duration_ms }, 'hub synced');
      return { hub: hubView(released(after)), result: 'synced' };
    } catch (err) {
      if (err instanceof AppError && err.code === 'hub_claim_lost') throw err;
      const message = err instanceof AppError ? err.message : 'the sync stopped on an internal error; see the server log';
      if (!(err instanceof AppError)) this.deps.logger?.error({ err, hub: hub.name }, 'hub sync failed');
      const failed = await this.deps.store.hubs.get(hub.id);
      if (failed && !claim.lost()) {
        // The skills of the last good sync keep serving.
        await this.saveOutcome(failed, { ...outcomeOf(failed), last_status: 'failed', last_error: message, last_attempt_at: new Date().toISOString(), last_duration_ms: Date.now() - started }, false).catch(() => undefined);
      }
      throw err;
    } finally {
      claim.stop();
      await this.deps.store.hubs.release(hub.id, this.deps.nodeId).catch(() => undefined);
    }
  }

  /** Renews this node's claim on a hub every third of its lifetime until stopped; says whether it was lost meanwhile. */
  private keepClaim(hubId: string): { lost: () => boolean; stop: () => void } {
    let lost = false;
    let renewing: Promise<void> | undefined;
    const timer = setInterval(() => {
      renewing ??= this.deps.store.hubs
        .renewClaim(hubId, this.deps.nodeId, new Date(Date.now() + this.deps.claimMs).toISOString())
        .then((held) => {
          if (!held) lost = true;
        })
        // A database blip is not a lost claim: the next renewal (or the lapse) decides.
        .catch(() => undefined)
        .finally(() => (renewing = undefined));
    }, Math.max(100, Math.floor(this.deps.claimMs / 3)));
    timer.unref();
    return { lost: () => lost, stop: () => clearInterval(timer) };
  }

  /**
   * Another node holds the claim: waits for it to finish and serves what it stored. Undefined when
   * the claim lapsed without being released (that node died), so the caller takes the hub over.
   */
  private async awaitOther(hubId: string, deadline: number): Promise<SyncReport | undefined> {
    for (;;) {
      const hub = await this.record(hubId);
      if (hub.claimed_by === null || hub.claim_until === null) {
        if (this.deps.source.loadedVersion(hub.id) !== hub.result_version) await this.deps.source.reloadHub(hub.id);
        if (hub.last_status === 'failed' && hub.last_error) throw new AppError(422, 'hub_sync_failed', `the sync run by another node failed: ${hub.last_error}`);
        return { hub: hubView(hub), result: 'other_node' };
      }
      if (Date.parse(hub.claim_until) < Date.now()) return undefined;
      if (Date.now() > deadline) throw new AppError(503, 'hub_sync_busy', `hub "${hub.name}" is still being synced by another node; its status shows when that sync ends`, {}, { 'retry-after': '30' });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private crawl(snapshot: RepositorySnapshot, hubId: string): Promise<CrawlResult> {
    return crawlSnapshot(snapshot, { limits: this.deps.git.limits, scans: this.deps.scans, source: 'hub', idOf: (p) => `hub:${hubId}:${p}` });
  }

  /** Stores a sync's skills, their new scans and the hub's status together; unchanged skills keep their times and scans. */
  private async store(hub: HubRecord, crawl: CrawlResult, started: number): Promise<void> {
    const previous = new Map((await this.deps.store.hubs.skills(hub.id)).map((s) => [s.path, s]));
    const now = new Date().toISOString();
    const seen = new Set<string>();
    const records: HubSkillRecord[] = [];
    const errors = [...crawl.errors];
    for (const skill of crawl.skills) {
      const key = `${skill.name}@${skill.version}`;
      if (seen.has(key)) {
        errors.push({ path: skill.path, code: 'duplicate_version', error: `${key} is also offered by another file of this hub; only the first is served` });
        continue;
      }
      seen.add(key);
      // Served as the directory source serves such a skill: quarantined, for an admin to review or override.
      if (!skill.scan.decision.runnable) errors.push({ path: skill.path, code: 'blocked_by_scan', error: `${skill.name} is quarantined: ${skill.scan.decision.blocked_reason ?? 'the security scan blocks it'}` });
      const before = previous.get(skill.path);
      records.push({
        hub_id: hub.id,
        path: skill.path,
        name: skill.name,
        version: skill.version,
        layout: skill.layout,
        content: skill.content,
        files: skill.files.map((f) => ({ path: f.path, size: f.size, sha256: f.sha256, ...(f.text !== null ? { encoding: 'utf8' as const, content: f.text } : { encoding: 'base64' as const, content: f.content.toString('base64') }) })),
        digest: skill.digest,
        commit: crawl.commit,
        updated_at: before && before.digest === skill.digest ? before.updated_at : now,
      });
    }
    // Content already judged by the current rules is not stored again; changed content is.
    const fresh = crawl.skills.filter((s) => !this.deps.scans.state.isCurrent(s.entry)).map((s) => s.scan.record);
    await this.deps.store.transaction(async (s) => {
      // Still this node's claim, checked (and the row locked) in the same transaction as the writes.
      if (!(await s.hubs.renewClaim(hub.id, this.deps.nodeId, new Date(Date.now() + this.deps.claimMs).toISOString()))) throw claimLost(hub.name);
      await s.hubs.replaceSkills(hub.id, records);
      for (const record of fresh) await s.scans.addResult(record);
      await s.hubs.saveOutcome(hub.id, {
        last_commit: crawl.commit,
        last_ref: crawl.ref,
        last_sync_at: now,
        last_attempt_at: now,
        last_duration_ms: Date.now() - started,
        last_status: 'ok',
        last_error: null,
        skills_count: records.length,
        sync_errors: errors,
      }, true);
    });
    for (const record of fresh) this.deps.scans.remember(record);
  }

  private async saveOutcome(hub: HubRecord, outcome: HubSyncOutcome, newResult: boolean): Promise<void> {
    await this.deps.store.hubs.saveOutcome(hub.id, outcome, newResult);
  }

  private async record(idOrName: string): Promise<HubRecord> {
    const hub = await this.deps.store.hubs.get(idOrName);
    if (!hub) throw notFound();
    return hub;
  }

  private async check(input: HubInput): Promise<Pick<HubRecord, 'name' | 'repository' | 'ref' | 'paths' | 'credentials_ref' | 'sync_interval_s' | 'enabled' | 'visibility' | 'shared_with_teams'>> {
    if (!NAME.test(input.name)) throw badRequest('name must be 1 to 64 lowercase letters, digits, ".", "_" or "-"');
    const paths = input.paths ?? [];
    if (paths.length > MAX_PATHS) throw badRequest(`paths holds ${paths.length} entries; at most ${MAX_PATHS}`);
    const resolved = resolveRequest({ repository: input.repository, ref: input.ref ?? undefined, paths }, this.deps.git);
    if (input.credentials_ref) await this.deps.credentials.resolve(input.credentials_ref);
    const interval = input.sync_interval_s ?? DEFAULT_INTERVAL_S;
    if (interval !== 0 && interval < MIN_INTERVAL_S) throw badRequest(`sync_interval_s must be 0 (sync only when asked) or at least ${MIN_INTERVAL_S}`);
    const visibility = input.visibility ?? 'global';
    const teams = [...new Set(input.shared_with_teams ?? [])];
    if (visibility === 'team' && teams.length === 0) throw badRequest('visibility "team" needs shared_with_teams: the teams that may read the hub\'s skills');
    if (visibility === 'global' && teams.length > 0) throw badRequest('shared_with_teams applies only to visibility "team"');
    for (const team of teams) if (!(await this.deps.store.teams.get(team))) throw badRequest(`unknown team "${team.slice(0, 64)}"`);
    return {
      name: input.name,
      repository: input.repository.trim(),
      ref: resolved.ref ?? null,
      paths: resolved.paths.filter((p) => p !== ''),
      credentials_ref: input.credentials_ref ?? null,
      sync_interval_s: interval,
      enabled: input.enabled ?? true,
      visibility,
      shared_with_teams: teams,
    };
  }
}

function isDue(hub: HubRecord): boolean {
  if (hub.last_attempt_at === null) return true;
  return Date.parse(hub.last_attempt_at) + hub.sync_interval_s * 1000 <= Date.now();
}

/** The hub as it is once this node's claim is released (which happens right after the report is made). */
function released(hub: HubRecord): HubRecord {
  return { ...hub, claimed_by: null, claim_until: null };
}

function isClaimed(hub: HubRecord): boolean {
  return hub.claim_until !== null && Date.parse(hub.claim_until) > Date.now();
}

function outcomeOf(hub: HubRecord): HubSyncOutcome {
  const { last_commit, last_ref, last_sync_at, last_attempt_at, last_duration_ms, last_status, last_error, skills_count, sync_errors } = hub;
  return { last_commit, last_ref, last_sync_at, last_attempt_at, last_duration_ms, last_status, last_error, skills_count, sync_errors };
}

/** What the API shows of a hub: its settings and how its syncs went. */
export function hubView(hub: HubRecord) {
  return {
    id: hub.id,
    name: hub.name,
    repository: hub.repository,
    ref: hub.ref,
    paths: hub.paths,
    credentials_ref: hub.credentials_ref,
    sync_interval_s: hub.sync_interval_s,
    enabled: hub.enabled,
    visibility: hub.visibility,
    shared_with_teams: hub.shared_with_teams,
    created_by: hub.created_by,
    created_at: hub.created_at,
    updated_at: hub.updated_at,
    status: {
      last_commit: hub.last_commit,
      last_ref: hub.last_ref,
      last_sync_at: hub.last_sync_at,
      last_attempt_at: hub.last_attempt_at,
      last_duration_ms: hub.last_duration_ms,
      last_status: hub.last_status,
      last_error: hub.last_error,
      skills: hub.skills_count,
      errors: hub.sync_errors,
      syncing: hub.claim_until !== null && Date.parse(hub.claim_until) > Date.now(),
    },
  };
}
