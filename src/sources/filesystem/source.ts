import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import watcher, { type AsyncSubscription } from '@parcel/watcher';
import { DEFAULT_LIMITS, type FormatLimits } from '../../format/index.js';
import type { SkillEntry, SourceError, SourceState } from '../../catalog/types.js';
import type { Logger } from '../../util/logger.js';
import type { RawSkillFile, SkillSource } from '../types.js';
import { loadUnit, toPosix, type SkillRoot } from './load.js';
import { isFlatSkillFile, isIgnoredName, SKILL_FILE, walkSkills, type SkillUnit, type WalkProblem } from './walk.js';

export interface FilesystemSourceOptions {
  /** Skills directories, searched in order. */
  dirs: string[];
  watch?: boolean;
  limits?: Partial<FormatLimits>;
  logger?: Logger;
  /** Quiet period that groups a burst of file events into one catalog update. */
  debounceMs?: number;
}

interface UnitRecord {
  root: SkillRoot;
  /** Last version that loaded cleanly; kept serving while a later edit is broken. */
  entry?: SkillEntry;
  error?: SourceError;
}

const LOAD_BATCH = 64;

/** Skills from directories on disk, in the Agent Skills layout and the flat `<category>/<name>.md` layout. */
export class FilesystemSource implements SkillSource {
  readonly key = 'filesystem';
  private readonly roots: SkillRoot[];
  private readonly limits: FormatLimits;
  private readonly units = new Map<string, UnitRecord>();
  private readonly walkProblems = new Map<string, SourceError>();
  private publish: (state: SourceState) => void = () => {};
  private subscriptions: AsyncSubscription[] = [];
  private pending = new Set<string>();
  private flushTimer?: NodeJS.Timeout;
  /** Serialises loads so two bursts of events never interleave their updates. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: FilesystemSourceOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.roots = labelRoots(options.dirs);
  }

  async start(publish: (state: SourceState) => void): Promise<void> {
    this.publish = publish;
    await this.reload();
    if (this.options.watch !== false) await this.startWatching();
  }

  async reload(): Promise<void> {
    await this.enqueue(async () => {
      for (const root of this.roots) {
        if (!existsSync(root.dir)) this.options.logger?.warn({ dir: root.dir }, 'skills directory does not exist; create it, then reload');
        await this.rescan(root, root.dir);
      }
      this.emit();
    });
  }

  async stop(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    const subscriptions = this.subscriptions;
    this.subscriptions = [];
    await Promise.all(subscriptions.map((subscription) => subscription.unsubscribe()));
    await this.queue;
  }

  async readFiles(entry: SkillEntry, maxBytes: number): Promise<RawSkillFile[] | undefined> {
    const root = this.roots[entry.sourceOrder];
    if (!root || entry.source !== 'filesystem') return undefined;
    const skillFile = path.join(root.dir, ...entry.sourcePath.split('/'));
    const main = await readStart(skillFile, maxBytes);
    if (!main) return undefined;
    const files: RawSkillFile[] = [{ path: 'SKILL.md', ...main }];
    for (const file of entry.files) {
      const read = await readStart(path.join(path.dirname(skillFile), ...file.path.split('/')), maxBytes);
      if (read) files.push({ path: file.path, ...read });
    }
    return files;
  }

  /** Absolute paths of the configured directories. */
  get directories(): string[] {
    return this.roots.map((root) => root.dir);
  }

  /**
   * Native recursive watching (inotify, FSEvents, ReadDirectoryChangesW). Events only say that
   * something changed at a path; what changed is read from the disk when the burst settles.
   */
  private async startWatching(): Promise<void> {
    for (const root of this.roots) {
      if (!existsSync(root.dir)) continue;
      const subscription = await watcher.subscribe(
        root.dir,
        (err, events) => {
          if (err) {
            this.options.logger?.warn({ err, dir: root.dir }, 'file watcher error; reloading the directory');
            this.onChange(root.dir);
            return;
          }
          for (const event of events) this.onChange(event.path);
        },
        { ignore: ['**/node_modules', '**/.git'] },
      );
      this.subscriptions.push(subscription);
    }
  }

  private isIgnored(p: string): boolean {
    const root = this.rootOf(p);
    if (!root) return false;
    return path.relative(root.dir, p).split(path.sep).some((segment) => segment !== '' && isIgnoredName(segment));
  }

  private onChange(p: string): void {
    if (this.isIgnored(p)) return;
    this.pending.add(path.resolve(p));
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => void this.enqueue(() => this.flush()), this.options.debounceMs ?? 20);
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = new Set();
    // Each changed path becomes one of two jobs: rescan a folder, or reload one flat file.
    const rescans = new Map<string, SkillRoot>();
    const flatFiles = new Map<string, SkillRoot>();
    for (const p of batch) {
      const root = this.rootOf(p);
      if (!root) continue;
      const owner = this.agentSkillOwning(p, root);
      if (owner) rescans.set(owner, root);
      const stat = await fs.stat(p).catch(() => null);
      if (stat?.isDirectory() || (!stat && this.hasUnitsUnder(p))) rescans.set(p, root);
      else if (path.basename(p) === SKILL_FILE) rescans.set(path.dirname(p), root);
      else if (!owner && isFlatSkillFile(path.basename(p))) flatFiles.set(p, root);
    }
    // A folder rescan covers everything beneath it, so drop jobs inside another rescanned folder.
    const coveredByRescan = (p: string) => {
      for (let dir = path.dirname(p); dir !== path.dirname(dir); dir = path.dirname(dir)) if (rescans.has(dir)) return true;
      return false;
    };
    for (const [dir, root] of rescans) if (!coveredByRescan(dir)) await this.rescan(root, dir);
    for (const [file, root] of flatFiles) if (!coveredByRescan(file)) await this.reloadFlat(root, file);
    this.emit();
  }

  private hasUnitsUnder(dir: string): boolean {
    for (const key of this.units.keys()) if (isWithin(key, dir)) return true;
    return false;
  }

  /** The folder of the known Agent Skills skill that contains `p`, if any. */
  private agentSkillOwning(p: string, root: SkillRoot): string | undefined {
    for (let dir = p; isWithin(dir, root.dir) || dir === root.dir; dir = path.dirname(dir)) {
      if (this.units.has(path.join(dir, SKILL_FILE))) return dir;
      if (dir === root.dir) break;
    }
    return undefined;
  }

  /** Forgets every skill under `dir` and loads what is there now. */
  private async rescan(root: SkillRoot, dir: string): Promise<void> {
    const found = await walkSkills(dir);
    const present = new Set(found.units.map((unit) => unit.skillFile));
    for (const key of this.units.keys()) {
      if (isWithin(key, dir) && !present.has(key)) this.units.delete(key);
    }
    for (const key of this.walkProblems.keys()) if (key === dir || isWithin(key, dir)) this.walkProblems.delete(key);
    for (const problem of found.problems) this.recordWalkProblem(root, problem);
    await this.loadAll(root, found.units);
  }

  /** Loads units in batches, giving the event loop a turn between batches (loads read synchronously). */
  private async loadAll(root: SkillRoot, units: readonly SkillUnit[]): Promise<void> {
    for (let i = 0; i < units.length; i += LOAD_BATCH) {
      if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      for (const unit of units.slice(i, i + LOAD_BATCH)) this.load(root, unit);
    }
  }

  private async reloadFlat(root: SkillRoot, file: string): Promise<void> {
    const stat = await fs.stat(file).catch(() => null);
    if (!stat?.isFile()) {
      this.units.delete(file);
      return;
    }
    this.load(root, { layout: 'flat', skillFile: file });
  }

  private load(root: SkillRoot, unit: SkillUnit): void {
    const result = loadUnit(root, unit, this.limits);
    const previous = this.units.get(unit.skillFile);
    if (result.ok) {
      // A touch or a rewrite with the same bytes keeps the entry as it was: same loaded_at, same ETag.
      const entry = previous?.entry && sameContent(previous.entry, result.entry) ? previous.entry : result.entry;
      this.units.set(unit.skillFile, { root, entry });
      return;
    }
    const keep = previous?.entry;
    const error: SourceError = {
      source: 'filesystem',
      file: result.file,
      diagnostics: result.diagnostics,
      serving_previous_version: keep !== undefined,
      at: new Date().toISOString(),
    };
    this.units.set(unit.skillFile, keep ? { root, entry: keep, error } : { root, error });
    this.options.logger?.warn(
      { file: result.file, errors: result.diagnostics.map((d) => `${d.line ?? 1}: ${d.field}: ${d.message}`), serving_previous_version: keep !== undefined },
      'skill file skipped',
    );
  }

  private recordWalkProblem(root: SkillRoot, problem: WalkProblem): void {
    const file = toPosix(path.relative(root.dir, problem.path)) || '.';
    this.walkProblems.set(problem.path, {
      source: 'filesystem',
      file,
      diagnostics: [{ severity: 'error', code: problem.code, file, field: 'file', message: problem.message }],
      serving_previous_version: false,
      at: new Date().toISOString(),
    });
    this.options.logger?.warn({ file, problem: problem.message }, 'skills directory problem');
  }

  private emit(): void {
    const entries: SkillEntry[] = [];
    const errors: SourceError[] = [...this.walkProblems.values()];
    for (const record of this.units.values()) {
      if (record.entry) entries.push(record.entry);
      if (record.error) errors.push(record.error);
    }
    this.publish({ entries, errors });
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const run = this.queue.then(work);
    this.queue = run.catch((err) => this.options.logger?.error({ err }, 'skills directory reload failed'));
    return run;
  }

  private rootOf(p: string): SkillRoot | undefined {
    return this.roots.find((root) => p === root.dir || isWithin(p, root.dir));
  }
}

function sameContent(a: SkillEntry, b: SkillEntry): boolean {
  return (
    a.contentHash === b.contentHash &&
    a.sourceId === b.sourceId &&
    a.files.length === b.files.length &&
    a.files.every((file, i) => file.path === b.files[i]?.path && file.sha256 === b.files[i]?.sha256)
  );
}

function labelRoots(dirs: string[]): SkillRoot[] {
  const seen = new Map<string, number>();
  return dirs.map((dir, order) => {
    const absolute = path.resolve(dir);
    const base = path.basename(absolute) || 'root';
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return { dir: absolute, label: count === 1 ? base : `${base}-${count}`, order };
  });
}

function isWithin(p: string, dir: string): boolean {
  return p.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
}

/** The first `maxBytes` of a file (one byte more tells whether there was more), or undefined when it is gone. */
async function readStart(file: string, maxBytes: number): Promise<{ content: Uint8Array; truncated: boolean } | undefined> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(file, 'r');
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, (await handle.stat()).size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const truncated = bytesRead > maxBytes;
    return { content: buffer.subarray(0, Math.min(bytesRead, maxBytes)), truncated };
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}
