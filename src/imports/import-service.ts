import { createHash, randomUUID } from 'node:crypto';
import type { ActionContext, AuditService } from '../auth/audit.js';
import { fetchRepository, resolveRequest, type GitAccessOptions } from '../git/fetch.js';
import type { RepositorySnapshot } from '../git/tree.js';
import type { ScanService } from '../scanning/index.js';
import type { CreateConfigInput, ConfigService } from '../sources/config/service.js';
import type { ImportJobRecord, SkillConfig, Store } from '../store/index.js';
import { AppError, badRequest } from '../util/app-error.js';
import type { Logger } from '../util/logger.js';
import { asText, crawlSnapshot, type CrawlResult, type CrawledSkill } from './crawl.js';
import type { CredentialService } from './credentials.js';
import { readFilesUnder } from './read-files.js';

export interface ImportServiceDeps {
  store: Store;
  git: GitAccessOptions;
  credentials: CredentialService;
  scans: ScanService;
  configs: ConfigService;
  audit: AuditService;
  logger?: Logger;
  nodeId: string;
}

export interface ImportInput {
  url: string;
  ref?: string;
  paths?: string[];
  credentials_ref?: string;
  visibility?: 'private' | 'team' | 'global';
  shared_with_teams?: string[];
  dry_run?: boolean;
}

export interface AncillaryInput {
  repo: string;
  path?: string;
  paths?: string[];
  ref?: string;
  credentials_ref?: string;
}

/** Where an imported config came from, kept in its metadata as `origin`. */
export interface Origin {
  repository: string;
  ref: string;
  commit: string;
  path: string;
}

export interface ImportOutcome {
  repository: string;
  ref: string;
  commit: string;
  dry_run: boolean;
  imported: Array<{ id: string | null; name: string; version: string; path: string; action: 'created' | 'updated'; scan_status: string }>;
  skipped: Array<{ name: string; path: string; reason: 'already_imported' | 'unchanged'; id: string }>;
  errors: Array<{ path: string; error: string; code: string }>;
  lfs_pointers: string[];
  submodules: string[];
}

const MAX_ANCILLARY_PATHS = 5;
const PROGRESS_EVERY_MS = 250;

/**
 * Imports from git: reading files for an editor (`import-github`), and importing every skill of a
 * repository as stored configs, as a job with progress. Everything fetched is validated and
 * scanned before anything is stored, and all of an import's writes land in one transaction.
 */
export class ImportService {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly deps: ImportServiceDeps) {}

  /** Jobs this node was running when it stopped cannot resume (their fetch is gone): they are failed. */
  async start(): Promise<void> {
    await this.deps.store.importJobs.failUnfinished(this.deps.nodeId, 'the server stopped while this import was running; start it again', new Date().toISOString());
  }

  async stop(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  /** Files under the given paths at one ref, as text (binary ones listed with size and digest); nothing is stored. */
  async readFiles(input: AncillaryInput) {
    const paths = [...(input.path !== undefined ? [input.path] : []), ...(input.paths ?? [])];
    if (paths.length > MAX_ANCILLARY_PATHS) throw badRequest(`give at most ${MAX_ANCILLARY_PATHS} paths`);
    const credential = await this.deps.credentials.resolve(input.credentials_ref);
    const snapshot = await fetchRepository({ repository: input.repo, ref: input.ref, paths, credential }, this.deps.git);
    try {
      return { ...(await readFilesUnder(snapshot)), repo: snapshot.repository, ref: snapshot.ref, commit: snapshot.commit };
    } finally {
      await snapshot.cleanup();
    }
  }

  /** Starts an import job; the job runs on this node and its progress is stored for any node to read. */
  async startImport(ctx: ActionContext, input: ImportInput): Promise<{ job: ImportJobRecord; done: Promise<void> }> {
    // Whatever can be checked without the network is checked now, so a typo is a 400 here and not a failed job.
    resolveRequest({ repository: input.url, ref: input.ref, paths: input.paths }, this.deps.git);
    if (!ctx.principal.id) throw new AppError(403, 'forbidden', 'Forbidden: imported skills need an owner; use a user API key or token');
    const credential = await this.deps.credentials.resolve(input.credentials_ref);
    const now = new Date().toISOString();
    const job: ImportJobRecord = {
      id: `import_${randomUUID().replaceAll('-', '')}`,
      status: 'running',
      params: { url: input.url, ref: input.ref ?? null, paths: input.paths ?? [], credentials_ref: input.credentials_ref ?? null, visibility: input.visibility ?? 'private', shared_with_teams: input.shared_with_teams ?? [], dry_run: input.dry_run === true },
      progress: { stage: 'fetching', files: 0, skills_found: 0, done: 0 },
      result: null,
      error: null,
      error_code: null,
      node_id: this.deps.nodeId,
      created_by: ctx.principal.id,
      created_at: now,
      updated_at: now,
      finished_at: null,
    };
    await this.deps.store.importJobs.create(job);
    const done = this.run(ctx, job, input, credential);
    this.running.add(done);
    void done.finally(() => this.running.delete(done));
    return { job, done };
  }

  async job(id: string): Promise<ImportJobRecord> {
    const job = await this.deps.store.importJobs.get(id);
    if (!job) throw new AppError(404, 'import_job_not_found', 'Import job not found');
    return job;
  }

  private async run(ctx: ActionContext, job: ImportJobRecord, input: ImportInput, credential: Awaited<ReturnType<CredentialService['resolve']>>): Promise<void> {
    const progress = { ...job.progress };
    let lastWrite = 0;
    const report = async (force = false) => {
      if (!force && Date.now() - lastWrite < PROGRESS_EVERY_MS) return;
      lastWrite = Date.now();
      await this.deps.store.importJobs.update(job.id, { progress: { ...progress }, updated_at: new Date().toISOString() });
    };
    let snapshot: RepositorySnapshot | undefined;
    try {
      snapshot = await fetchRepository({ repository: input.url, ref: input.ref, paths: input.paths, credential }, this.deps.git);
      progress.stage = 'checking';
      progress.files = snapshot.files;
      await report(true);
      const crawl = await crawlSnapshot(snapshot, {
        limits: this.deps.git.limits,
        scans: this.deps.scans,
        source: 'config',
        idOf: (p) => `import:${snapshot!.repository}:${p}`,
        onProgress: ({ skills_found, done }) => {
          progress.skills_found = skills_found;
          progress.done = done;
          void report();
        },
      });
      progress.stage = input.dry_run ? 'done' : 'storing';
      await report(true);
      const outcome = await this.apply(ctx, crawl, input);
      progress.stage = 'done';
      const finished = new Date().toISOString();
      await this.deps.store.importJobs.update(job.id, { status: 'succeeded', progress, result: outcome as unknown as Record<string, unknown>, updated_at: finished, finished_at: finished });
      await this.deps.audit.record(ctx, {
        action: input.dry_run ? 'skill_import.dry_run' : 'skill_import.run',
        resource_type: 'import_job',
        resource_id: job.id,
        outcome: 'success',
        details: { repository: crawl.repository, commit: crawl.commit, imported: outcome.imported.length, skipped: outcome.skipped.length, errors: outcome.errors.length },
      });
    } catch (err) {
      const known = err instanceof AppError;
      if (!known) this.deps.logger?.error({ err, job_id: job.id }, 'import failed');
      const finished = new Date().toISOString();
      await this.deps.store.importJobs
        .update(job.id, {
          status: 'failed',
          progress,
          error: known ? err.message : 'the import stopped on an internal error; see the server log',
          error_code: known ? err.code : 'internal_error',
          result: known ? { status: err.statusCode, ...err.extra } : { status: 500 },
          updated_at: finished,
          finished_at: finished,
        })
        .catch((e: unknown) => this.deps.logger?.error({ err: e, job_id: job.id }, 'could not record a failed import'));
    } finally {
      await snapshot?.cleanup();
    }
  }

  /** Decides, per skill, create, update or skip, then stores every create and update in one transaction. */
  private async apply(ctx: ActionContext, crawl: CrawlResult, input: ImportInput): Promise<ImportOutcome> {
    const outcome: ImportOutcome = {
      repository: crawl.repository,
      ref: crawl.ref,
      commit: crawl.commit,
      dry_run: input.dry_run === true,
      imported: [],
      skipped: [],
      errors: crawl.errors.map((e) => ({ path: e.path, error: e.error, code: e.code })),
      lfs_pointers: crawl.lfs_pointers,
      submodules: crawl.submodules,
    };
    const mine = await this.deps.store.configs.list({ owner_id: ctx.principal.id ?? undefined });
    const byOrigin = new Map<string, SkillConfig>();
    for (const config of mine) {
      const origin = originOf(config);
      if (origin) byOrigin.set(`${origin.repository}\0${origin.path}`, config);
    }
    const writes: Array<{ config: SkillConfig; expectedRevision?: number; skill: CrawledSkill }> = [];
    const names = new Set<string>();
    for (const skill of crawl.skills) {
      if (!skill.scan.decision.runnable) {
        outcome.errors.push({ path: skill.path, code: 'blocked_by_scan', error: `not imported: ${skill.scan.decision.blocked_reason ?? 'the security scan blocks it'}` });
        continue;
      }
      const ancillary = ancillaryOf(skill);
      if (typeof ancillary === 'string') {
        outcome.errors.push({ path: skill.path, code: 'binary_file', error: ancillary });
        continue;
      }
      if (names.has(skill.name)) {
        outcome.errors.push({ path: skill.path, code: 'duplicate_name', error: `another skill in this import is also named "${skill.name}"; only the first was imported` });
        continue;
      }
      names.add(skill.name);
      const origin: Origin = { repository: crawl.repository, ref: crawl.ref, commit: crawl.commit, path: skill.path };
      const existing = byOrigin.get(`${origin.repository}\0${origin.path}`);
      try {
        if (existing) {
          const was = originOf(existing)!;
          if (was.commit === crawl.commit) {
            outcome.skipped.push({ id: existing.id, name: skill.name, path: skill.path, reason: 'already_imported' });
            continue;
          }
          if (sameFiles(existing, skill.content, ancillary)) {
            outcome.skipped.push({ id: existing.id, name: skill.name, path: skill.path, reason: 'unchanged' });
            continue;
          }
          const { next, expectedRevision } = await this.deps.configs.prepareUpdate(ctx, existing, { skill_content: skill.content, ancillary_files: ancillary, metadata: { ...existing.metadata, origin } });
          writes.push({ config: next, expectedRevision, skill });
        } else {
          const create: CreateConfigInput = { skill_content: skill.content, ancillary_files: ancillary, metadata: { origin }, visibility: input.visibility, shared_with_teams: input.shared_with_teams };
          const conflict = mine.find((c) => c.name === skill.name);
          if (conflict) {
            outcome.errors.push({ path: skill.path, code: 'conflict', error: `you already have a skill named "${skill.name}" (${conflict.id}) that did not come from this path; rename one of them` });
            continue;
          }
          writes.push({ config: await this.deps.configs.prepareCreate(ctx, create), skill });
        }
      } catch (err) {
        if (!(err instanceof AppError) || err.statusCode >= 500) throw err;
        // Checks that apply to the whole import (who may share with which team) stop it whole.
        if (err.statusCode === 403 || err.message.startsWith('unknown team') || err.message.includes('shared_with_teams')) throw err;
        outcome.errors.push({ path: skill.path, code: err.code, error: err.message });
      }
    }
    if (!outcome.dry_run && writes.length > 0) {
      await this.deps.configs.commitMany(ctx, writes, { imported_from: crawl.repository, commit: crawl.commit });
    }
    for (const { config, expectedRevision, skill } of writes) {
      outcome.imported.push({
        id: outcome.dry_run && expectedRevision === undefined ? null : config.id,
        name: config.name,
        version: config.version,
        path: skill.path,
        action: expectedRevision === undefined ? 'created' : 'updated',
        scan_status: outcome.dry_run ? skill.scan.record.verdict : config.scan_status,
      });
    }
    return outcome;
  }
}

export function originOf(config: SkillConfig): Origin | undefined {
  const origin = config.metadata.origin as Partial<Origin> | undefined;
  if (!origin || typeof origin !== 'object' || typeof origin.repository !== 'string' || typeof origin.path !== 'string' || typeof origin.commit !== 'string') return undefined;
  return origin as Origin;
}

/** A skill's files as config ancillary files (text only), or why they cannot be. */
function ancillaryOf(skill: CrawledSkill): Record<string, string> | string {
  const files: Record<string, string> = {};
  for (const file of skill.files) {
    const text = file.text ?? asText(file.content);
    if (text === null) return `${file.path} is a binary file (${file.size} bytes, sha256:${file.sha256}); stored skills keep text files only: add this repository as a hub to serve it with its binary files`;
    files[file.path] = text;
  }
  return files;
}

function sameFiles(config: SkillConfig, content: string, files: Record<string, string>): boolean {
  if (config.skill_content !== content) return false;
  const digest = (record: Record<string, string>) => createHash('sha256').update(JSON.stringify(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)))).digest('hex');
  return digest(config.ancillary_files) === digest(files);
}
