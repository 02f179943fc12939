import type { ChangeFeed, StoreChange } from '../store/index.js';
import type { Logger } from '../util/logger.js';

/** What a part of the server does when rows it keeps in memory changed elsewhere. */
export interface TopicHandler {
  /** Re-reads what one row of `table` (by the key the table announces) affects. */
  changed(key: string | null, table: string): Promise<void> | void;
  /** Re-reads everything: after a break in listening, or when too many rows changed at once. */
  reloadAll(): Promise<void> | void;
}

export interface ChangeListenerOptions {
  /** This process's `application_name`: its own changes are already applied and are skipped. */
  instanceId: string;
  logger?: Logger;
  /** Called once a change is applied, with how long after the write (by the database clock). */
  applied?: (table: string, lagMs: number) => void;
  /** Called for every resync (full reload after a break). */
  resynced?: () => void;
  /** More changed keys than this for one handler in one pass, and it reloads everything instead. */
  floodThreshold?: number;
  /** Delay before a handler that failed is made to reload everything. */
  retryMs?: number;
}

interface Registration {
  handler: TopicHandler;
  /** Rows waiting to be applied (by table and key), each with its oldest unapplied change. */
  pending: Map<string, StoreChange>;
  reloadAll: boolean;
  running: Promise<void> | undefined;
  retryTimer: NodeJS.Timeout | undefined;
}

/**
 * Applies changes made by other nodes (or the CLI) to this node's memory. Changes are grouped by
 * handler; one handler runs one pass at a time, and what arrives meanwhile waits for its next
 * pass, so two re-reads of one row never race and publish out of order. Until `activate()`,
 * changes are only collected: listening starts before the first load, and what changed during
 * that load is applied right after it.
 */
export class ChangeListener {
  private readonly byTable = new Map<string, Registration[]>();
  private readonly registrations: Registration[] = [];
  private active = false;
  private stopped = false;
  private lastChangeAt = 0;

  constructor(
    private readonly feed: ChangeFeed | undefined,
    private readonly options: ChangeListenerOptions,
  ) {}

  /** True when there is nothing to listen to (one node) or the listening connection is up. */
  get connected(): boolean {
    return this.feed === undefined || this.feed.connected;
  }

  /** Whether this node hears of other nodes' changes at all. */
  get clustered(): boolean {
    return this.feed !== undefined;
  }

  /** Routes announcements of `tables` to `handler`. One handler may serve several tables. */
  on(tables: string | readonly string[], handler: TopicHandler): void {
    const registration: Registration = { handler, pending: new Map(), reloadAll: false, running: undefined, retryTimer: undefined };
    this.registrations.push(registration);
    for (const table of typeof tables === 'string' ? [tables] : tables) {
      const list = this.byTable.get(table);
      if (list) list.push(registration);
      else this.byTable.set(table, [registration]);
    }
  }

  async start(): Promise<void> {
    if (!this.feed) return;
    await this.feed.start({
      change: (change) => this.receive(change),
      resync: () => this.resync(),
      connection: (up) => this.options.logger?.[up ? 'info' : 'warn'](up ? 'change listener connected' : 'change listener lost its database connection; reconnecting'),
    });
  }

  /** Starts applying changes, those collected so far first. */
  activate(): void {
    this.active = true;
    for (const registration of this.registrations) this.kick(registration);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.feed?.stop();
    for (const registration of this.registrations) clearTimeout(registration.retryTimer);
    await Promise.allSettled(this.registrations.map((r) => r.running));
  }

  /** Milliseconds since the last change from elsewhere arrived, for operators; null if none did. */
  get lastChangeAgoMs(): number | null {
    return this.lastChangeAt === 0 ? null : Date.now() - this.lastChangeAt;
  }

  private receive(change: StoreChange): void {
    if (this.stopped || change.origin === this.options.instanceId) return;
    this.lastChangeAt = Date.now();
    for (const registration of this.byTable.get(change.table) ?? []) {
      const id = `${change.table}\u0000${change.key ?? ''}`;
      if (!registration.pending.has(id)) registration.pending.set(id, change);
      this.kick(registration);
    }
  }

  private resync(): void {
    if (this.stopped) return;
    this.options.resynced?.();
    this.options.logger?.info('change listener resumed; reloading what may have changed meanwhile');
    for (const registration of this.registrations) {
      registration.reloadAll = true;
      this.kick(registration);
    }
  }

  private kick(registration: Registration): void {
    if (!this.active || this.stopped || registration.running) return;
    if (!registration.reloadAll && registration.pending.size === 0) return;
    registration.running = this.pass(registration).finally(() => {
      registration.running = undefined;
      this.kick(registration);
    });
  }

  private async pass(registration: Registration): Promise<void> {
    const batch = [...registration.pending.values()];
    registration.pending.clear();
    const all = registration.reloadAll || batch.length > (this.options.floodThreshold ?? 200);
    registration.reloadAll = false;
    try {
      if (all) await registration.handler.reloadAll();
      else for (const change of batch) await registration.handler.changed(change.key, change.table);
      const now = Date.now();
      for (const change of batch) this.options.applied?.(change.table, Math.max(0, now - change.at));
    } catch (err) {
      // Most likely the database went away; the feed's reconnection resyncs, and this retry
      // covers a failed read while the listening connection stayed up.
      this.options.logger?.warn({ err }, 'could not apply a change from another node; reloading shortly');
      clearTimeout(registration.retryTimer);
      registration.retryTimer = setTimeout(() => {
        registration.reloadAll = true;
        this.kick(registration);
      }, this.options.retryMs ?? 1_000);
      registration.retryTimer.unref();
    }
  }
}
