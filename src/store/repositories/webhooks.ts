import type { Kysely, Selectable } from 'kysely';
import type { Webhook, WebhookDelivery, WebhookDeliveryStatus } from '../records.js';
import type { Database, WebhookDeliveriesTable, WebhooksTable } from '../schema.js';
import type { WebhookDeliveryChanges, WebhookRepository } from '../store.js';

export class KyselyWebhookRepository implements WebhookRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(webhook: Webhook): Promise<Webhook> {
    await this.db.insertInto('webhooks').values(toRow(webhook)).execute();
    return webhook;
  }

  async get(id: string): Promise<Webhook | undefined> {
    const row = await this.db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  async list(filter: { active?: boolean } = {}): Promise<Webhook[]> {
    let query = this.db.selectFrom('webhooks').selectAll().orderBy('created_at').orderBy('id');
    if (filter.active !== undefined) query = query.where('active', '=', filter.active ? 1 : 0);
    return (await query.execute()).map(fromRow);
  }

  async update(id: string, changes: Partial<Pick<Webhook, 'url' | 'events' | 'active' | 'updated_at'>>): Promise<Webhook | undefined> {
    const set: Partial<Omit<WebhooksTable, 'id'>> = {};
    if (changes.url !== undefined) set.url = changes.url;
    if (changes.events !== undefined) set.events = JSON.stringify(changes.events);
    if (changes.active !== undefined) set.active = changes.active ? 1 : 0;
    if (changes.updated_at !== undefined) set.updated_at = changes.updated_at;
    if (Object.keys(set).length > 0) await this.db.updateTable('webhooks').set(set).where('id', '=', id).execute();
    return this.get(id);
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async createDelivery(delivery: WebhookDelivery): Promise<WebhookDelivery> {
    await this.db.insertInto('webhook_deliveries').values(delivery).execute();
    return delivery;
  }

  async getDelivery(id: string): Promise<WebhookDelivery | undefined> {
    const row = await this.db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? fromDeliveryRow(row) : undefined;
  }

  async deliveries(webhookId: string, options: { limit: number }): Promise<WebhookDelivery[]> {
    const rows = await this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('webhook_id', '=', webhookId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(options.limit)
      .execute();
    return rows.map(fromDeliveryRow);
  }

  async pendingDeliveries(options: { limit: number }): Promise<WebhookDelivery[]> {
    const rows = await this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('status', '=', 'pending')
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(options.limit)
      .execute();
    return rows.map(fromDeliveryRow);
  }

  async claimDelivery(id: string, expectedNextAttemptAt: string | null, leaseUntil: string): Promise<boolean> {
    let query = this.db.updateTable('webhook_deliveries').set({ next_attempt_at: leaseUntil }).where('id', '=', id).where('status', '=', 'pending');
    query = expectedNextAttemptAt === null ? query.where('next_attempt_at', 'is', null) : query.where('next_attempt_at', '=', expectedNextAttemptAt);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async updateDelivery(id: string, changes: WebhookDeliveryChanges): Promise<void> {
    await this.db.updateTable('webhook_deliveries').set(changes).where('id', '=', id).execute();
  }
}

function toRow(webhook: Webhook): WebhooksTable {
  return { ...webhook, events: JSON.stringify(webhook.events), active: webhook.active ? 1 : 0 };
}

function fromRow(row: Selectable<WebhooksTable>): Webhook {
  return { ...row, events: JSON.parse(row.events) as string[], active: Number(row.active) === 1 };
}

function fromDeliveryRow(row: Selectable<WebhookDeliveriesTable>): WebhookDelivery {
  return {
    ...row,
    event_id: Number(row.event_id),
    attempts: Number(row.attempts),
    last_status_code: row.last_status_code === null ? null : Number(row.last_status_code),
    status: row.status as WebhookDeliveryStatus,
  };
}
