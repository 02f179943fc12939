import type pg from 'pg';
import { CHANGE_CHANNEL } from './migrations/announce.js';

/** One committed change of one row, as the database announced it. */
export interface StoreChange {
  table: string;
  op: 'insert' | 'update' | 'delete';
  /** The row's key column (see the table's announcement), or null when it had none. */
  key: string | null;
  /** The `application_name` of the connection that wrote it. */
  origin: string;
  /** The database's clock at the write, in milliseconds since the epoch. */
  at: number;
}

export interface ChangeFeedHandlers {
  change(change: StoreChange): void;
  /**
   * Listening resumed after a break: changes committed during it were not announced to this
   * process, so whatever it keeps in memory must be read again.
   */
  resync(): void;
  /** The listening connection came up (true) or was lost (false). */
  connection?(up: boolean): void;
}

export interface ChangeFeed {
  /** Starts listening; resolves once listening (or, when the database is not reachable, once retrying). */
  start(handlers: ChangeFeedHandlers): Promise<void>;
  stop(): Promise<void>;
  readonly connected: boolean;
}

export interface PgChangeFeedOptions {
  /** A new client outside the pool: a listening connection is held for the life of the process. */
  client: () => pg.Client;
  /** How often the connection is checked; a check that fails or takes longer counts as lost. */
  checkMs?: number;
  /** Delay before the first reconnection attempt, doubled up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
}

/**
 * LISTEN on one dedicated connection. A connection that errors, ends or stops answering its
 * periodic check is replaced, with backoff, and every successful reconnection is reported as a
 * resync, because NOTIFY is not queued for a listener that is not there.
 */
export class PgChangeFeed implements ChangeFeed {
  private client: pg.Client | undefined;
  private handlers: ChangeFeedHandlers | undefined;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private checkTimer: NodeJS.Timeout | undefined;
  private retryMs: number;
  private everConnected = false;

  constructor(private readonly options: PgChangeFeedOptions) {
    this.retryMs = options.retryMs ?? 100;
  }

  get connected(): boolean {
    return this.client !== undefined;
  }

  async start(handlers: ChangeFeedHandlers): Promise<void> {
    this.handlers = handlers;
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.checkTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = this.options.client();
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      if (message.channel !== CHANGE_CHANNEL || !message.payload || this.client !== client) return;
      const change = parseChange(message.payload);
      if (change) this.handlers?.change(change);
    });
    try {
      await client.connect();
      await client.query(`listen ${CHANGE_CHANNEL}`);
    } catch {
      await client.end().catch(() => {});
      this.retry();
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    this.retryMs = this.options.retryMs ?? 100;
    const resumed = this.everConnected;
    this.everConnected = true;
    this.handlers?.connection?.(true);
    if (resumed) this.handlers?.resync();
    this.watch(client);
  }

  /** A connection whose server vanished without closing it is only noticed by asking. */
  private watch(client: pg.Client): void {
    const checkMs = this.options.checkMs ?? 5_000;
    clearInterval(this.checkTimer);
    this.checkTimer = setInterval(() => {
      const timeout = setTimeout(() => this.lost(client), checkMs);
      client.query('select 1').then(
        () => clearTimeout(timeout),
        () => {
          clearTimeout(timeout);
          this.lost(client);
        },
      );
    }, checkMs);
    this.checkTimer.unref();
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    clearInterval(this.checkTimer);
    client.end().catch(() => {});
    this.handlers?.connection?.(false);
    this.retry();
  }

  private retry(): void {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, this.options.maxRetryMs ?? 5_000);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    this.retryTimer.unref();
  }
}

function parseChange(payload: string): StoreChange | undefined {
  try {
    const value = JSON.parse(payload) as Partial<StoreChange>;
    if (typeof value.table !== 'string') return undefined;
    return {
      table: value.table,
      op: value.op === 'insert' || value.op === 'delete' ? value.op : 'update',
      key: typeof value.key === 'string' ? value.key : null,
      origin: typeof value.origin === 'string' ? value.origin : '',
      at: typeof value.at === 'number' ? value.at : Date.now(),
    };
  } catch {
    return undefined;
  }
}
