import type { Store } from '../store/index.js';
import type { Logger } from '../util/logger.js';

export interface LeasedScheduleOptions {
  /** The lease's name: one per kind of periodic work. */
  name: string;
  /** This process, as the lease records it. */
  holder: string;
  everyMs: number;
  /** How long a taken lease lasts unrenewed; by default three periods, so one slow run does not lose it. */
  ttlMs?: number;
  run: () => Promise<void>;
  logger?: Logger;
}

/**
 * Runs periodic work on one node at a time. Each period the node tries to take (or renew) a lease
 * in the database and runs the work only if it holds it; a node that dies stops renewing, and
 * once its lease lapses the next node to try takes over. On SQLite there is one node: it just runs.
 */
export class LeasedSchedule {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private held = false;

  constructor(
    private readonly store: Store,
    private readonly options: LeasedScheduleOptions,
  ) {}

  /** Whether this node held the lease at its last attempt. */
  get holding(): boolean {
    return this.held;
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.options.everyMs);
    this.timer.unref();
  }

  /** One period's attempt, now: takes the lease if it can and runs the work. */
  tick(): Promise<void> {
    this.running ??= this.attempt().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    if (this.held) await this.store.leases.release(this.options.name, this.options.holder).catch(() => {});
    this.held = false;
  }

  private async attempt(): Promise<void> {
    try {
      if (this.store.dialect !== 'sqlite') {
        this.held = await this.store.leases.acquire(this.options.name, this.options.holder, new Date(), this.options.ttlMs ?? this.options.everyMs * 3);
        if (!this.held) return;
      }
      await this.options.run();
    } catch (err) {
      this.options.logger?.warn({ err, lease: this.options.name }, 'periodic work failed; trying again next period');
    }
  }
}
