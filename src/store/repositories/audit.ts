import type { Kysely } from 'kysely';
import type { AuditEntry, AuditQuery, NewAuditEntry } from '../records.js';
import type { Database } from '../schema.js';
import type { AuditRepository } from '../store.js';

export class KyselyAuditRepository implements AuditRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async append(entry: NewAuditEntry): Promise<AuditEntry> {
    const at = entry.at ?? new Date().toISOString();
    const row = await this.db
      .insertInto('audit_log')
      .values({ ...entry, at, details: JSON.stringify(entry.details ?? {}) })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { ...entry, at, id: Number(row.id) };
  }

  async query(q: AuditQuery): Promise<AuditEntry[]> {
    let query = this.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(q.limit);
    if (q.actor_id) query = query.where('actor_id', '=', q.actor_id);
    if (q.action) query = query.where('action', '=', q.action);
    if (q.resource_type) query = query.where('resource_type', '=', q.resource_type);
    if (q.resource_id) query = query.where('resource_id', '=', q.resource_id);
    if (q.outcome) query = query.where('outcome', '=', q.outcome);
    if (q.since) query = query.where('at', '>=', q.since);
    if (q.until) query = query.where('at', '<', q.until);
    if (q.before_id !== undefined) query = query.where('id', '<', q.before_id);
    const rows = await query.execute();
    return rows.map((row) => ({ ...row, id: Number(row.id), outcome: row.outcome as AuditEntry['outcome'], details: JSON.parse(row.details) as Record<string, unknown> }));
  }
}
