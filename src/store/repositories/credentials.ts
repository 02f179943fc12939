import type { Kysely } from 'kysely';
import { rethrowConflict } from '../errors.js';
import type { GitCredentialRecord } from '../records.js';
import type { Database, GitCredentialsTable } from '../schema.js';
import type { CredentialRepository } from '../store.js';

export class KyselyCredentialRepository implements CredentialRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(credential: GitCredentialRecord): Promise<GitCredentialRecord> {
    try {
      await this.db.insertInto('git_credentials').values(credential).execute();
    } catch (err) {
      rethrowConflict(err, `a credential named "${credential.name}" already exists; rotate it with PUT`);
    }
    return credential;
  }

  async get(idOrName: string): Promise<GitCredentialRecord | undefined> {
    const row = await this.db.selectFrom('git_credentials').selectAll().where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)])).executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  async list(): Promise<GitCredentialRecord[]> {
    return (await this.db.selectFrom('git_credentials').selectAll().orderBy('name').execute()).map(fromRow);
  }

  async update(id: string, changes: Partial<Pick<GitCredentialRecord, 'kind' | 'username' | 'secret_sealed' | 'updated_at'>>): Promise<boolean> {
    const result = await this.db.updateTable('git_credentials').set(changes).where('id', '=', id).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('git_credentials').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

function fromRow(row: GitCredentialsTable): GitCredentialRecord {
  return { ...row, kind: row.kind as GitCredentialRecord['kind'] };
}
