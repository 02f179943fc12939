import type { Kysely } from 'kysely';
import type { ShareRecord } from '../records.js';
import type { Database } from '../schema.js';
import type { ShareRepository } from '../store.js';

export class KyselyShareRepository implements ShareRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(share: ShareRecord): Promise<ShareRecord> {
    await this.db.insertInto('shares').values({ ...share, skills: JSON.stringify(share.skills) }).execute();
    return share;
  }

  async get(id: string): Promise<ShareRecord | undefined> {
    const row = await this.db.selectFrom('shares').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toShare(row) : undefined;
  }

  async findByPrefix(prefix: string): Promise<ShareRecord[]> {
    return (await this.db.selectFrom('shares').selectAll().where('prefix', '=', prefix).execute()).map(toShare);
  }

  async list(filter: { created_by?: string } = {}): Promise<ShareRecord[]> {
    let query = this.db.selectFrom('shares').selectAll().orderBy('created_at').orderBy('id');
    if (filter.created_by) query = query.where('created_by', '=', filter.created_by);
    return (await query.execute()).map(toShare);
  }

  async revoke(id: string, at: string): Promise<boolean> {
    const result = await this.db.updateTable('shares').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}

function toShare(row: Database['shares']): ShareRecord {
  return { ...row, kind: row.kind as ShareRecord['kind'], skills: JSON.parse(row.skills) as string[] };
}
