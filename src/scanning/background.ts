import type { Catalog, SkillEntry } from '../catalog/index.js';
import type { Logger } from '../util/logger.js';
import { entryDigest } from './digest.js';
import type { ScanService } from './scan-service.js';

export interface BackgroundProgress {
  /** Skill versions waiting to be scanned. */
  pending: number;
  /** Scanned since the server started. */
  scanned: number;
  running: boolean;
}

/**
 * Scans directory and hub skills when they are loaded or change, one at a time, yielding to the
 * event loop between skills so requests keep being served while a large catalog is scanned.
 * Content already scanned by the current rule pack (same digest) is not scanned again.
 */
export class BackgroundScanner {
  private readonly queue = new Map<string, SkillEntry>();
  private unsubscribe: (() => void) | undefined;
  private unsubscribeRules: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private scanned = 0;
  private lastLog = 0;

  constructor(
    private readonly catalog: Catalog,
    private readonly scans: ScanService,
    private readonly logger?: Logger,
  ) {}

  /** Queues whatever the catalog holds that has no current result, then follows its changes. */
  start(): void {
    this.unsubscribe = this.catalog.log.subscribe((event) => {
      // Another node's change was scanned there, and its result arrives through the database.
      if (event.type !== 'skill.deleted' && !event.peer) this.enqueue(event.entry);
    });
    // New rule settings in the policy (or an external analyzer) make every result stale: scan again.
    this.unsubscribeRules = this.scans.state.onRulesChanged(() => {
      this.enqueueAll();
      this.logger?.info({ pending: this.queue.size }, 'the scan rules changed: scanning the catalog again');
    });
    this.enqueueAll();
    if (this.queue.size > 0) this.logger?.info({ pending: this.queue.size }, 'scanning skills in the background');
  }

  private enqueueAll(): void {
    for (const entry of this.catalog.snapshot().allVersions()) this.enqueue(entry);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribeRules?.();
    this.queue.clear();
    await this.running;
  }

  progress(): BackgroundProgress {
    return { pending: this.queue.size, scanned: this.scanned, running: this.running !== undefined };
  }

  /** Resolves once nothing is queued (for tests and for the CLI). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private enqueue(entry: SkillEntry): void {
    // Scanned on save, with the result already in memory; and anything the current rules already judged.
    if (this.stopped || this.scans.state.isCurrent(entry)) return;
    this.queue.set(entryDigest(entry), entry);
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
    });
  }

  private async drain(): Promise<void> {
    while (!this.stopped && this.queue.size > 0) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      // stop() may have emptied the queue while this waited.
      const next = this.queue.entries().next();
      if (next.done) break;
      const [digest, entry] = next.value;
      this.queue.delete(digest);
      if (this.scans.state.isCurrent(entry)) continue;
      try {
        if (await this.scans.scanEntry(entry, 'load')) this.scanned++;
      } catch (err) {
        this.logger?.error({ err, skill: entry.name, version: entry.version }, 'background scan failed');
      }
      if (Date.now() - this.lastLog > 5000 && this.queue.size > 0) {
        this.lastLog = Date.now();
        this.logger?.info({ scanned: this.scanned, pending: this.queue.size }, 'background scan progress');
      }
    }
  }
}
