import { randomBytes } from 'node:crypto';
import type { ActionContext } from '../auth/audit.js';
import type { AuditService } from '../auth/audit.js';
import { requireAdmin } from '../auth/policy.js';
import type { Store, Webhook, WebhookDelivery } from '../store/index.js';
import { badRequest, notFound } from '../util/app-error.js';
import type { WebhookDispatcher } from './dispatcher.js';

/** A webhook as shown to people: everything but its secret. */
export type WebhookView = Omit<Webhook, 'secret'>;

/** A delivery as shown to people, its payload decoded. */
export type WebhookDeliveryView = Omit<WebhookDelivery, 'payload'> & { payload: Record<string, unknown> };

/** Event types a webhook can subscribe to (a `ping` is only sent on request). */
export const WEBHOOK_EVENT_TYPES = ['skill.created', 'skill.updated', 'skill.deleted'] as const;

export interface CreateWebhookInput {
  url: string;
  /** Empty or absent: every event type. */
  events?: string[];
  active?: boolean;
}

export type UpdateWebhookInput = Partial<CreateWebhookInput>;

const URL_MAX = 2048;

/**
 * Webhooks, for admins. The secret that signs deliveries is generated here and returned once, by
 * `create`; nothing else returns it, and it never enters a log or the audit trail (which records
 * a URL's origin only, since URLs often carry tokens in their path).
 */
export class WebhookService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  async list(ctx: ActionContext): Promise<WebhookView[]> {
    requireAdmin(ctx.principal);
    return (await this.store.webhooks.list()).map(webhookView);
  }

  async get(ctx: ActionContext, id: string): Promise<WebhookView> {
    requireAdmin(ctx.principal);
    return webhookView(await this.find(id));
  }

  async create(ctx: ActionContext, input: CreateWebhookInput): Promise<{ webhook: WebhookView; secret: string }> {
    requireAdmin(ctx.principal);
    const url = checkWebhookUrl(input.url);
    const events = checkEvents(input.events ?? []);
    const now = new Date().toISOString();
    const secret = generateWebhookSecret();
    const webhook: Webhook = {
      id: `wh_${randomBytes(8).toString('hex')}`,
      url,
      secret,
      events,
      active: input.active ?? true,
      created_at: now,
      created_by: ctx.principal.id ?? ctx.principal.kind,
      updated_at: now,
    };
    await this.write(ctx, { action: 'webhook.create', resource_id: webhook.id, details: { origin: new URL(url).origin, events, active: webhook.active } }, (s) => s.webhooks.create(webhook));
    return { webhook: webhookView(webhook), secret };
  }

  async update(ctx: ActionContext, id: string, input: UpdateWebhookInput): Promise<WebhookView> {
    requireAdmin(ctx.principal);
    await this.find(id);
    const changes: Partial<Pick<Webhook, 'url' | 'events' | 'active' | 'updated_at'>> = {};
    if (input.url !== undefined) changes.url = checkWebhookUrl(input.url);
    if (input.events !== undefined) changes.events = checkEvents(input.events);
    if (input.active !== undefined) {
      if (typeof input.active !== 'boolean') throw badRequest('active must be true or false');
      changes.active = input.active;
    }
    if (Object.keys(changes).length === 0) throw badRequest('Nothing to change: send url, events or active');
    changes.updated_at = new Date().toISOString();
    const details: Record<string, unknown> = { changes: Object.keys(changes).filter((k) => k !== 'updated_at') };
    if (changes.url) details.origin = new URL(changes.url).origin;
    if (changes.events) details.events = changes.events;
    if (changes.active !== undefined) details.active = changes.active;
    const updated = await this.write(ctx, { action: 'webhook.update', resource_id: id, details }, (s) => s.webhooks.update(id, changes));
    if (!updated) throw notFound('Webhook');
    return webhookView(updated);
  }

  async delete(ctx: ActionContext, id: string): Promise<void> {
    requireAdmin(ctx.principal);
    const webhook = await this.find(id);
    await this.write(ctx, { action: 'webhook.delete', resource_id: id, details: { origin: new URL(webhook.url).origin } }, async (s) => {
      if (!(await s.webhooks.delete(id))) throw notFound('Webhook');
    });
  }

  /** A webhook's deliveries, newest first. */
  async deliveries(ctx: ActionContext, id: string, options: { limit?: number } = {}): Promise<WebhookDeliveryView[]> {
    requireAdmin(ctx.principal);
    await this.find(id);
    const limit = Math.min(Math.max(Math.trunc(options.limit ?? 50), 1), 500);
    return (await this.store.webhooks.deliveries(id, { limit })).map(deliveryView);
  }

  /** Sends a `ping` now and returns its delivery after the first attempt (retries go on in the background). */
  async test(ctx: ActionContext, id: string): Promise<WebhookDeliveryView> {
    requireAdmin(ctx.principal);
    const webhook = await this.find(id);
    await this.audit.record(ctx, { action: 'webhook.test', resource_type: 'webhook', resource_id: id, outcome: 'success' });
    return deliveryView(await this.dispatcher.ping(webhook));
  }

  private async find(id: string): Promise<Webhook> {
    const webhook = await this.store.webhooks.get(id);
    if (!webhook) throw notFound('Webhook');
    return webhook;
  }

  /** Runs a write and its audit record in one transaction, so neither lands without the other. */
  private async write<T>(ctx: ActionContext, audit: { action: string; resource_id: string; details?: Record<string, unknown> }, work: (store: Store) => Promise<T>): Promise<T> {
    return this.store.transaction(async (s) => {
      const result = await work(s);
      await this.audit.record(ctx, { ...audit, resource_type: 'webhook', outcome: 'success' }, s);
      return result;
    });
  }
}

/** `whsec_` + 32 random bytes in hex. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('hex')}`;
}

export function webhookView(webhook: Webhook): WebhookView {
  const { secret: _secret, ...rest } = webhook;
  return rest;
}

export function deliveryView(delivery: WebhookDelivery): WebhookDeliveryView {
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(delivery.payload) as Record<string, unknown>;
  } catch {
    payload = {};
  }
  return { ...delivery, payload };
}

/**
 * An absolute http(s) URL without credentials, normalised. Error messages never repeat the URL:
 * it may hold the very credentials being refused.
 */
export function checkWebhookUrl(value: unknown): string {
  const hint = 'url must be an absolute http:// or https:// URL, such as https://example.com/hooks/skillport';
  if (typeof value !== 'string' || value.trim() === '') throw badRequest(hint);
  const text = value.trim();
  if (text.length > URL_MAX) throw badRequest(`url must be at most ${URL_MAX} characters`);
  if (/[\s\u0000-\u001f\u007f]/.test(text)) throw badRequest('url must not contain spaces or control characters');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw badRequest(hint);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badRequest(`url must use http or https, not ${url.protocol.replace(/:$/, '').slice(0, 20)}`);
  if (url.username || url.password) throw badRequest('url must not contain credentials (user:password@host); receivers authenticate deliveries by their signature');
  if (!url.hostname) throw badRequest(hint);
  return url.href;
}

function checkEvents(events: unknown): string[] {
  if (!Array.isArray(events)) throw badRequest('events must be a list of event types');
  const known: readonly string[] = WEBHOOK_EVENT_TYPES;
  for (const event of events) {
    if (typeof event !== 'string' || !known.includes(event)) {
      throw badRequest(`unknown event type "${String(event).slice(0, 40)}"; known types: ${WEBHOOK_EVENT_TYPES.join(', ')} (an empty list means all)`);
    }
  }
  return [...new Set(events as string[])];
}
