import type { Kysely } from 'kysely';
import type { ApiKeyRecord, Role } from '../records.js';
import type { Database } from '../schema.js';
import type { ApiKeyRepository } from '../store.js';

export class KyselyApiKeyRepository implements ApiKeyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(key: ApiKeyRecord): Promise<ApiKeyRecord> {
    await this.db
      .insertInto('api_keys')
      .values({ ...key, scopes: JSON.stringify(key.scopes), teams: JSON.stringify(key.teams) })
      .execute();
    return key;
  }

  async get(id: string): Promise<ApiKeyRecord | undefined> {
    const row = await this.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toKey(row) : undefined;
  }

  async findByPrefix(prefix: string): Promise<ApiKeyRecord[]> {
    const rows = await this.db.selectFrom('api_keys').selectAll().where('prefix', '=', prefix).execute();
    return rows.map(toKey);
  }

  async list(filter: { user_id?: string } = {}): Promise<ApiKeyRecord[]> {
    let query = this.db.selectFrom('api_keys').selectAll().orderBy('created_at').orderBy('id');
    if (filter.user_id) query = query.where('user_id', '=', filter.user_id);
    return (await query.execute()).map(toKey);
  }

  async revoke(id: string, at: string): Promise<boolean> {
    const result = await this.db.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async touch(id: string, at: string): Promise<void> {
    await this.db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute();
  }
}

function toKey(row: Database['api_keys']): ApiKeyRecord {
  return { ...row, role: row.role as Role, scopes: JSON.parse(row.scopes) as string[], teams: JSON.parse(row.teams) as string[] };
}
