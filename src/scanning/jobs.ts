import { randomUUID } from 'node:crypto';
import type { ActionContext, AuditService } from '../auth/audit.js';
import type { Catalog, SkillEntry } from '../catalog/index.js';
import type { ScanJob, ScanJobKind, ScanJobParams, ScanJobStatus, Store } from '../store/index.js';
import { AppError, badRequest } from '../util/app-error.js';
import type { Logger } from '../util/logger.js';
import { entryId } from './digest.js';
import { LeasedSchedule } from '../cluster/leased-schedule.js';
import type { ScanService } from './scan-service.js';

export interface CreateScanJob {
  kind: ScanJobKind;
  hub_id?: string;
  source?: string;
  names?: string[];
  ids?: string[];
}

export interface ScanJobOptions {
  /** How often a running job writes its progress and heartbeat. */
  heartbeatMs?: number;
  /** A running job whose heartbeat is older than this belongs to a node that went away. */
  staleAfterMs?: number;
  /** A job interrupted this many times is failed instead of resumed again. */
  maxAttempts?: number;
  /** This process, as leases name it: on a shared database one node at a time looks for abandoned jobs. */
  holder?: string;
}

const SOURCES = ['filesystem', 'config', 'hub'];
const TERMINAL: ScanJobStatus[] = ['succeeded', 'failed', 'cancelled'];
const MAX_SELECTORS = 1000;
const jobNotFound = () => new AppError(404, 'scan_job_not_found', 'Scan job not found');

/**
 * Scan jobs: stored in the database, run one at a time by a worker inside the server. A job fixes
 * the list of skill versions it covers when it starts and records how far it got, so a job whose
 * node stopped is resumed from there (or failed, after too many interruptions), never lost and
 * never run twice at once: starting and resuming are compare-and-set updates on its status.
 */
export class ScanJobService {
  private readonly heartbeatMs: number;
  private readonly staleAfterMs: number;
  private readonly maxAttempts: number;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private stopped = false;
  private readonly cancelled = new Set<string>();
  /** The job this node's worker is running, if any. */
  private current: string | undefined;
  private sweep: LeasedSchedule | undefined;
  private readonly holder: string;

  constructor(
    private readonly store: Store,
    private readonly catalog: Catalog,
    private readonly scans: ScanService,
    private readonly audit: AuditService,
    private readonly logger?: Logger,
    options: ScanJobOptions = {},
  ) {
    this.heartbeatMs = options.heartbeatMs ?? 250;
    this.staleAfterMs = options.staleAfterMs ?? 30_000;
    this.maxAttempts = options.maxAttempts ?? 3;
    this.holder = options.holder ?? 'skillport';
  }

  async create(ctx: ActionContext, input: CreateScanJob): Promise<ScanJob> {
    const params = this.checkParams(input);
    const job: ScanJob = {
      id: `scanjob_${randomUUID().replaceAll('-', '')}`,
      kind: input.kind,
      status: 'queued',
      params,
      targets: null,
      total: 0,
      done: 0,
      passed: 0,
      flagged: 0,
      errored: 0,
      error: null,
      cancel_requested: false,
      attempts: 0,
      created_by: ctx.principal.id,
      created_at: new Date().toISOString(),
      started_at: null,
      finished_at: null,
      heartbeat_at: null,
    };
    await this.store.transaction(async (s) => {
      await s.scans.createJob(job);
      await this.audit.record(ctx, { action: 'scan_job.create', resource_type: 'scan_job', resource_id: job.id, outcome: 'success', details: { kind: job.kind, ...params } }, s);
    });
    this.wake?.();
    return job;
  }

  async get(id: string): Promise<ScanJob> {
    const job = await this.store.scans.getJob(id);
    if (!job) throw jobNotFound();
    return job;
  }

  list(options: { limit: number; status?: ScanJobStatus }): Promise<ScanJob[]> {
    return this.store.scans.listJobs(options);
  }

  /**
   * A queued job is cancelled at once; a running one is asked to stop and stops before its next
   * skill (this waits briefly for that, so the answer usually shows it cancelled).
   */
  async cancel(ctx: ActionContext, id: string): Promise<ScanJob> {
    const job = await this.get(id);
    if (TERMINAL.includes(job.status)) throw new AppError(409, 'scan_job_finished', `Scan job already ${job.status}; only queued or running jobs can be cancelled`);
    const now = new Date().toISOString();
    const done =
      (await this.store.scans.updateJob(id, 'queued', { status: 'cancelled', finished_at: now, cancel_requested: true })) ||
      (await this.store.scans.updateJob(id, 'running', { cancel_requested: true }));
    if (!done) return this.cancel(ctx, id);
    await this.audit.record(ctx, { action: 'scan_job.cancel', resource_type: 'scan_job', resource_id: id, outcome: 'success' });
    // A job another node runs stops when that node next reads it; only this node's own is waited for.
    if (this.current !== id) return this.get(id);
    this.cancelled.add(id);
    for (let waited = 0; waited < 2000; waited += 50) {
      const now = await this.get(id);
      if (TERMINAL.includes(now.status)) return now;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return this.get(id);
  }

  /** Starts the worker: first takes back jobs a stopped node left running, then runs queued jobs in order. */
  async start(): Promise<void> {
    await this.recover(this.store.dialect === 'sqlite');
    // With several nodes on one database, a node that dies mid-job is noticed by the others.
    if (this.store.dialect !== 'sqlite') {
      this.sweep = new LeasedSchedule(this.store, {
        name: 'scan-jobs.recover',
        holder: this.holder,
        everyMs: Math.max(500, Math.floor(this.staleAfterMs / 2)),
        run: () => this.recover(false).then(() => this.wake?.()),
        logger: this.logger,
      });
      this.sweep.start();
    }
    this.loop = this.work();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.sweep?.stop();
    this.wake?.();
    await this.loop;
  }

  /**
   * Running jobs whose worker is gone go back to the queue with their progress, to resume where
   * they stopped; `all` (one node on an embedded database) means every running job is orphaned.
   */
  private async recover(all: boolean): Promise<void> {
    const cutoff = Date.now() - this.staleAfterMs;
    for (const job of await this.store.scans.jobsIn('running')) {
      if (!all && job.heartbeat_at !== null && Date.parse(job.heartbeat_at) > cutoff) continue;
      if (job.cancel_requested) {
        await this.store.scans.updateJob(job.id, 'running', { status: 'cancelled', finished_at: new Date().toISOString() });
      } else if (job.attempts >= this.maxAttempts) {
        await this.store.scans.updateJob(job.id, 'running', {
          status: 'failed',
          finished_at: new Date().toISOString(),
          error: `the server stopped ${job.attempts} times while this job was running; start a new job`,
        });
      } else if (await this.store.scans.updateJob(job.id, 'running', { status: 'queued', heartbeat_at: null }, job.attempts)) {
        this.logger?.warn({ job_id: job.id, done: job.done, total: job.total }, 'scan job interrupted by a stop; resuming it');
      }
    }
  }

  private async work(): Promise<void> {
    while (!this.stopped) {
      const next = await this.claimNext().catch((err: unknown) => {
        this.logger?.error({ err }, 'could not read the scan job queue');
        return undefined;
      });
      if (next) {
        await this.run(next);
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 5000);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  private async claimNext(): Promise<ScanJob | undefined> {
    for (const job of await this.store.scans.jobsIn('queued')) {
      const now = new Date().toISOString();
      const claimed = await this.store.scans.updateJob(job.id, 'queued', { status: 'running', started_at: job.started_at ?? now, heartbeat_at: now, attempts: job.attempts + 1 });
      if (claimed) return { ...job, status: 'running', started_at: job.started_at ?? now, heartbeat_at: now, attempts: job.attempts + 1 };
    }
    return undefined;
  }

  private async run(job: ScanJob): Promise<void> {
    this.current = job.id;
    const progress = { done: job.done, passed: job.passed, flagged: job.flagged, errored: job.errored };
    try {
      let targets = job.targets;
      if (targets === null) {
        targets = this.targetsOf(job);
        if (!(await this.store.scans.updateJob(job.id, 'running', { targets, total: targets.length }, job.attempts))) return this.lost(job);
      }
      let lastBeat = Date.now();
      for (let i = progress.done; i < targets.length; i++) {
        if (this.stopped) return; // left running: the next start resumes it from here
        if (Date.now() - lastBeat >= this.heartbeatMs) {
          lastBeat = Date.now();
          if (await this.cancelRequested(job.id)) break;
          // Every write is on this attempt: a node that took the job over (this one's heartbeat
          // looked stale to it) owns it from then on, and this worker stops.
          if (!(await this.store.scans.updateJob(job.id, 'running', { ...progress, heartbeat_at: new Date().toISOString() }, job.attempts))) return this.lost(job);
        } else if (this.cancelled.has(job.id)) break;
        const entry = resolveTarget(this.catalog, targets[i]!);
        const result = entry ? await this.scans.scanEntry(entry, 'job', job.id) : undefined;
        if (result?.verdict === 'passed') progress.passed++;
        else if (result?.verdict === 'flagged') progress.flagged++;
        else if (result?.verdict === 'error') progress.errored++;
        progress.done = i + 1;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      const cancelled = this.cancelled.has(job.id) || (await this.cancelRequested(job.id));
      if (!(await this.store.scans.updateJob(job.id, 'running', { ...progress, status: cancelled ? 'cancelled' : 'succeeded', finished_at: new Date().toISOString(), heartbeat_at: null }, job.attempts))) return this.lost(job);
      this.logger?.info({ job_id: job.id, ...progress, status: cancelled ? 'cancelled' : 'succeeded' }, 'scan job finished');
    } catch (err) {
      this.logger?.error({ err, job_id: job.id }, 'scan job failed');
      const message = err instanceof Error ? err.message : String(err);
      await this.store.scans
        .updateJob(job.id, 'running', { ...progress, status: 'failed', error: `the job stopped on an internal error: ${message.slice(0, 300)}`, finished_at: new Date().toISOString() }, job.attempts)
        .catch(() => undefined);
    } finally {
      this.cancelled.delete(job.id);
      this.current = undefined;
    }
  }

  /** The job moved on without this worker (taken over, or finished elsewhere): it leaves it alone. */
  private lost(job: ScanJob): void {
    this.logger?.warn({ job_id: job.id, attempt: job.attempts }, 'scan job was taken over by another node; this node stops working on it');
  }

  private async cancelRequested(id: string): Promise<boolean> {
    if (this.cancelled.has(id)) return true;
    return (await this.store.scans.getJob(id))?.cancel_requested === true;
  }

  /** The versions a job covers, as `name@version`, in name order: fixed once, so a resumed job goes on where it stopped. */
  private targetsOf(job: ScanJob): string[] {
    const { hub_id, source, names, ids } = job.params;
    const wantNames = names ? new Set(names) : undefined;
    const wantIds = ids ? new Set(ids) : undefined;
    const picked: SkillEntry[] = [];
    for (const entry of this.catalog.snapshot().allVersions()) {
      if (job.kind === 'source' && entry.source !== source) continue;
      if (job.kind === 'hub' && !(entry.source === 'hub' && entry.sourceId.startsWith(`${hub_id}:`))) continue;
      if ((wantNames || wantIds) && !(wantNames?.has(entry.name) || wantIds?.has(entryId(entry)))) continue;
      picked.push(entry);
    }
    return picked.map((entry) => `${entry.name}@${entry.version}`).sort();
  }

  private checkParams(input: CreateScanJob): ScanJobParams {
    const params: ScanJobParams = {};
    const all = [...this.catalog.snapshot().allVersions()];
    if (input.kind === 'hub') {
      if (!input.hub_id) throw badRequest('hub_id is required for a hub scan: the id of the hub to scan');
      const known = all.some((entry) => entry.source === 'hub' && entry.sourceId.startsWith(`${input.hub_id}:`));
      if (!known) throw new AppError(404, 'hub_not_found', `No skills from a hub with id "${input.hub_id}"`);
      params.hub_id = input.hub_id;
    } else if (input.hub_id !== undefined) throw badRequest('hub_id is only for kind "hub"');
    if (input.kind === 'source') {
      if (!input.source || !SOURCES.includes(input.source)) throw badRequest(`source is required for a source scan: one of ${SOURCES.join(', ')}`);
      params.source = input.source;
    } else if (input.source !== undefined) throw badRequest('source is only for kind "source"');
    for (const [field, list] of [['names', input.names], ['ids', input.ids]] as const) {
      if (list === undefined) continue;
      if (list.length === 0 || list.length > MAX_SELECTORS) throw badRequest(`${field} must hold between 1 and ${MAX_SELECTORS} entries; leave it out to scan everything`);
      const present = new Set(all.map(field === 'names' ? (entry) => entry.name : entryId));
      const unknown = list.filter((item) => !present.has(item));
      if (unknown.length > 0) {
        throw new AppError(404, 'skill_not_found', `Unknown skill ${field === 'names' ? 'name' : 'id'}${unknown.length > 1 ? 's' : ''}: ${unknown.slice(0, 10).map((item) => JSON.stringify(item)).join(', ')}`);
      }
      params[field] = [...new Set(list)];
    }
    return params;
  }
}

function resolveTarget(catalog: Catalog, ref: string): SkillEntry | undefined {
  const at = ref.lastIndexOf('@');
  return catalog.snapshot().resolveExact(ref.slice(0, at), ref.slice(at + 1));
}
