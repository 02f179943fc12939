import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CatalogEvent, CatalogEventLog } from '../catalog/events.js';
import type { Store, Webhook, WebhookDelivery } from '../store/index.js';
import type { Logger } from '../util/logger.js';

// ---- signatures ------------------------------------------------------------------------------

/**
 * The signature scheme (docs/webhooks.md): `x-skillport-signature: sha256=<hex>`, the
 * HMAC-SHA256 of `"<timestamp>.<body>"` keyed with the webhook's secret, where `<timestamp>` is
 * the `x-skillport-timestamp` header (Unix seconds) and `<body>` the raw request body.
 */
export function signPayload(secret: string, timestamp: number | string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

export interface VerifyOptions {
  /**
   * Refuse a timestamp further than this many seconds from `now`, against replays. Default 300;
   * `Infinity` turns the check off (to check a stored delivery later, for instance).
   */
  toleranceSeconds?: number;
  /** The current time in Unix seconds; the clock by default. */
  now?: number;
}

/**
 * True when `header` (the `x-skillport-signature` value) signs `body` sent at `timestamp` (the
 * `x-skillport-timestamp` value) under `secret`. Compared in constant time. `body` must be the
 * raw bytes received, not a re-serialisation of their parse.
 */
export function verifySignature(
  secret: string,
  timestamp: string | number | null | undefined,
  body: string | Buffer,
  header: string | null | undefined,
  options: VerifyOptions = {},
): boolean {
  if (typeof header !== 'string' || timestamp === undefined || timestamp === null) return false;
  const ts = String(timestamp).trim();
  if (!/^\d{1,12}$/.test(ts)) return false;
  const tolerance = options.toleranceSeconds ?? 300;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Number.isFinite(tolerance) && Math.abs(now - Number(ts)) > tolerance) return false;
  const expected = Buffer.from(signPayload(secret, ts, body), 'hex');
  let ok = false;
  // Several comma-separated signatures are accepted (room for rotating secrets); each is
  // compared, so the time taken does not tell which one matched.
  for (const part of header.split(',')) {
    const match = /^\s*sha256=([0-9a-fA-F]{64})\s*$/.exec(part);
    if (match && timingSafeEqual(Buffer.from(match[1]!, 'hex'), expected)) ok = true;
  }
  return ok;
}

// ---- dispatcher ------------------------------------------------------------------------------

export interface WebhookDispatcherOptions {
  store: Store;
  /** The catalog's event log; every event is offered to the active webhooks. */
  log: CatalogEventLog;
  logger?: Logger;
  /** The catalog generation now, for pings. */
  generation?: () => number;
  /** Delay before the first retry; doubled for each further one. Default 1 s. */
  retryBaseMs?: number;
  /** Attempts in all, the first included. Default 6. */
  maxAttempts?: number;
  /** How long one attempt may take. Default 10 s. */
  timeoutMs?: number;
  /** How often the database is checked for pending deliveries this node does not hold (another node's, after a crash). Default 30 s. */
  sweepMs?: number;
  /** Attempts in flight at once. Default 16. */
  concurrency?: number;
}

/** The body every delivery carries. `id` is the catalog event id (0 for a ping). */
export interface WebhookPayload {
  id: number;
  type: string;
  name: string | null;
  version: string | null;
  source: string | null;
  generation: number;
  at: string;
}

type AttemptResult = { kind: 'response'; status: number; retryAfterMs: number | null } | { kind: 'error'; error: string } | { kind: 'aborted' };

const RETRY_AFTER_CAP_MS = 60 * 60 * 1000;
const USER_AGENT = 'Skillport-Webhooks/1';

/**
 * Turns catalog events into signed HTTP POSTs. Each event writes one delivery row per matching
 * active webhook before anything is sent, and every attempt updates that row, so a delivery
 * survives a restart: pending rows are picked up again by `start()` (and by a periodic sweep).
 * An attempt first claims its row (compare-and-set on `next_attempt_at`), so two nodes sharing a
 * database never send the same attempt twice.
 */
export class WebhookDispatcher {
  private readonly retryBaseMs: number;
  private readonly maxAttempts: number;
  private readonly timeoutMs: number;
  private readonly sweepMs: number;
  private readonly concurrency: number;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly controllers = new Set<AbortController>();
  private readonly waiting: Array<() => void> = [];
  private running = 0;
  /** Serialises the fan-out of events, so deliveries are created in event order. */
  private queue: Promise<void> = Promise.resolve();
  private incoming: CatalogEvent[] = [];
  private unsubscribe?: () => void;
  private sweepTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.retryBaseMs = options.retryBaseMs ?? 1_000;
    this.maxAttempts = options.maxAttempts ?? 6;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.sweepMs = options.sweepMs ?? 30_000;
    this.concurrency = options.concurrency ?? 16;
  }

  /** Subscribes to the catalog and schedules the deliveries left pending by an earlier run. */
  async start(): Promise<void> {
    this.stopped = false;
    this.unsubscribe = this.options.log.subscribe((event) => this.onEvent(event));
    await this.recover();
    this.sweepTimer = setInterval(() => {
      this.recover().catch((err: unknown) => this.options.logger?.error({ err }, 'webhook sweep failed'));
    }, this.sweepMs);
    this.sweepTimer.unref();
  }

  /**
   * Stops taking events, cancels timers and attempts in flight (an interrupted attempt is not
   * counted: its delivery stays pending and is sent after the next start), and waits until no
   * write to the store is outstanding.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.controllers) controller.abort();
    for (const wake of this.waiting.splice(0)) wake();
    await this.queue;
    await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Sends a `ping` to one webhook now (active or not) and returns its delivery after the first attempt. */
  async ping(webhook: Webhook): Promise<WebhookDelivery> {
    const payload: WebhookPayload = { id: 0, type: 'ping', name: null, version: null, source: null, generation: this.options.generation?.() ?? 0, at: new Date().toISOString() };
    const delivery = await this.createDelivery(webhook.id, 0, 'ping', JSON.stringify(payload));
    if (!this.stopped) await this.run(delivery.id);
    return (await this.options.store.webhooks.getDelivery(delivery.id)) ?? delivery;
  }

  // ---- events ----------------------------------------------------------------------------------

  private onEvent(event: CatalogEvent): void {
    // A change made through another node sharing the database is delivered by that node.
    if (this.stopped || event.peer) return;
    // Events that arrive while a batch is being written wait for the next one: a burst of
    // changes costs one look-up of the webhooks, not one per event.
    this.incoming.push(event);
    if (this.incoming.length > 1) return;
    this.queue = this.queue
      .then(() => this.fanOut(this.incoming.splice(0)))
      .catch((err: unknown) => this.options.logger?.error({ err }, 'could not queue webhook deliveries'));
  }

  private async fanOut(events: CatalogEvent[]): Promise<void> {
    const active = await this.options.store.webhooks.list({ active: true });
    if (active.length === 0) return;
    for (const event of events) {
      const hooks = active.filter((hook) => hook.events.length === 0 || hook.events.includes(event.type));
      if (hooks.length === 0) continue;
      const payload: WebhookPayload = { id: event.id, type: event.type, name: event.name, version: event.version, source: event.source, generation: event.generation, at: event.at };
      const body = JSON.stringify(payload);
      for (const hook of hooks) {
        const delivery = await this.createDelivery(hook.id, event.id, event.type, body);
        this.schedule(delivery.id, 0);
      }
    }
  }

  private async createDelivery(webhookId: string, eventId: number, type: string, payload: string): Promise<WebhookDelivery> {
    const now = new Date().toISOString();
    return this.options.store.webhooks.createDelivery({
      id: `whd_${randomBytes(8).toString('hex')}`,
      webhook_id: webhookId,
      event_id: eventId,
      event_type: type,
      payload,
      status: 'pending',
      attempts: 0,
      last_status_code: null,
      last_error: null,
      next_attempt_at: now,
      created_at: now,
      updated_at: now,
    });
  }

  /** Schedules every pending delivery this node is not already holding. */
  private async recover(): Promise<void> {
    if (this.stopped) return;
    const pending = await this.options.store.webhooks.pendingDeliveries({ limit: 1000 });
    for (const delivery of pending) {
      const due = delivery.next_attempt_at ? Date.parse(delivery.next_attempt_at) - Date.now() : 0;
      this.schedule(delivery.id, due);
    }
  }

  // ---- attempts --------------------------------------------------------------------------------

  /** Arranges one attempt; `force` replaces a timer (a retry scheduled from inside an attempt). */
  private schedule(id: string, delayMs: number, force = false): void {
    if (this.stopped) return;
    if (!force && (this.timers.has(id) || this.inFlight.has(id))) return;
    const existing = this.timers.get(id);
    if (existing) clearTimeout(existing);
    // Node's timers overflow past 2^31 - 1 ms; the sweep reschedules anything further away.
    const timer = setTimeout(() => {
      this.timers.delete(id);
      void this.run(id);
    }, Math.min(Math.max(0, delayMs), 2 ** 31 - 1));
    timer.unref();
    this.timers.set(id, timer);
  }

  private run(id: string): Promise<void> {
    const attempt: Promise<void> = (async () => {
      await this.acquire();
      try {
        if (!this.stopped) await this.attempt(id);
      } finally {
        this.release();
      }
    })()
      .catch((err: unknown) => this.options.logger?.error({ err, delivery_id: id }, 'webhook delivery attempt failed unexpectedly'))
      .finally(() => {
        if (this.inFlight.get(id) === attempt) this.inFlight.delete(id);
      });
    this.inFlight.set(id, attempt);
    return attempt;
  }

  private async attempt(id: string): Promise<void> {
    const { store, logger } = this.options;
    const delivery = await store.webhooks.getDelivery(id);
    if (!delivery || delivery.status !== 'pending') return;
    const now = Date.now();
    const due = delivery.next_attempt_at ? Date.parse(delivery.next_attempt_at) : now;
    // Not due yet, or held by an attempt elsewhere: look again when it should be.
    if (due > now + 10) return this.schedule(id, due - now, true);
    const lease = new Date(now + this.timeoutMs + 30_000).toISOString();
    if (!(await store.webhooks.claimDelivery(id, delivery.next_attempt_at, lease))) return;

    const webhook = await store.webhooks.get(delivery.webhook_id);
    if (!webhook) return; // deleted, and its deliveries with it
    if (!webhook.active && delivery.event_type !== 'ping') {
      await store.webhooks.updateDelivery(id, { status: 'failed', last_error: 'webhook is inactive', next_attempt_at: null, updated_at: new Date().toISOString() });
      return;
    }

    const result = await this.send(webhook, delivery);
    if (result.kind === 'aborted') {
      // Shutting down: this attempt does not count, and the next start sends it at once.
      await store.webhooks.updateDelivery(id, { next_attempt_at: new Date().toISOString() });
      return;
    }
    const attempts = delivery.attempts + 1;
    const at = new Date();
    const status = result.kind === 'response' ? result.status : null;
    const log = { webhook_id: webhook.id, delivery_id: id, event_type: delivery.event_type, attempts, status_code: status };
    if (status !== null && status >= 200 && status < 300) {
      await store.webhooks.updateDelivery(id, { status: 'succeeded', attempts, last_status_code: status, last_error: null, next_attempt_at: null, updated_at: at.toISOString() });
      logger?.debug(log, 'webhook delivered');
      return;
    }
    const error = result.kind === 'error' ? result.error : `receiver answered HTTP ${result.status}`;
    const retryable = result.kind === 'error' || result.status === 429 || result.status >= 500;
    if (retryable && attempts < this.maxAttempts) {
      let delay = this.retryBaseMs * 2 ** (attempts - 1);
      if (result.kind === 'response' && result.retryAfterMs !== null) delay = Math.max(delay, Math.min(result.retryAfterMs, RETRY_AFTER_CAP_MS));
      const next = new Date(at.getTime() + delay).toISOString();
      await store.webhooks.updateDelivery(id, { status: 'pending', attempts, last_status_code: status, last_error: error, next_attempt_at: next, updated_at: at.toISOString() });
      logger?.info({ ...log, retry_in_ms: delay, error }, 'webhook delivery failed; will retry');
      this.schedule(id, delay, true);
      return;
    }
    await store.webhooks.updateDelivery(id, { status: 'failed', attempts, last_status_code: status, last_error: error, next_attempt_at: null, updated_at: at.toISOString() });
    logger?.warn({ ...log, error }, 'webhook delivery failed');
  }

  /** One POST. Never follows redirects; reads no more of the answer than its status line and headers. */
  private async send(webhook: Webhook, delivery: WebhookDelivery): Promise<AttemptResult> {
    const timestamp = Math.floor(Date.now() / 1000);
    const controller = new AbortController();
    this.controllers.add(controller);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    try {
      const res = await fetch(webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          'x-skillport-event': delivery.event_type,
          'x-skillport-delivery': delivery.id,
          'x-skillport-timestamp': String(timestamp),
          'x-skillport-signature': `sha256=${signPayload(webhook.secret, timestamp, delivery.payload)}`,
        },
        body: delivery.payload,
        redirect: 'manual',
        signal: controller.signal,
      });
      await res.body?.cancel().catch(() => {});
      return { kind: 'response', status: res.status, retryAfterMs: parseRetryAfter(res.headers.get('retry-after')) };
    } catch (err) {
      if (timedOut) return { kind: 'error', error: `no answer within ${this.timeoutMs} ms` };
      if (this.stopped) return { kind: 'aborted' };
      return { kind: 'error', error: describeError(err).split(webhook.url).join('<url>') };
    } finally {
      clearTimeout(timer);
      this.controllers.delete(controller);
    }
  }

  private async acquire(): Promise<void> {
    while (this.running >= this.concurrency && !this.stopped) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
  }

  private release(): void {
    this.running--;
    this.waiting.shift()?.();
  }
}

function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  if (/^\d{1,9}$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

/** What went wrong, without the URL (which may carry a token in its path or query). */
function describeError(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const message = typeof cause?.message === 'string' ? cause.message : err instanceof Error ? err.message : String(err);
  return (code && !message.includes(code) ? `${code}: ${message}` : message).slice(0, 500);
}
