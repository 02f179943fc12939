import type { Kysely, Selectable } from 'kysely';
import type { PublishUpload } from '../records.js';
import type { Database, PublishUploadsTable } from '../schema.js';
import type { PublishUploadRepository } from '../store.js';

export class KyselyPublishUploadRepository implements PublishUploadRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(upload: PublishUpload): Promise<void> {
    await this.db.insertInto('publish_uploads').values(toRow(upload)).execute();
  }

  async get(ticket: string): Promise<PublishUpload | undefined> {
    const row = await this.db.selectFrom('publish_uploads').selectAll().where('ticket', '=', ticket).executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  async byStorageIds(userId: string, storageIds: readonly string[]): Promise<PublishUpload[]> {
    if (storageIds.length === 0) return [];
    const rows = await this.db.selectFrom('publish_uploads').selectAll().where('user_id', '=', userId).where('storage_id', 'in', [...storageIds]).execute();
    return rows.map(fromRow);
  }

  async attach(ticket: string, content: Buffer, at: string): Promise<boolean> {
    const result = await this.db
      .updateTable('publish_uploads')
      .set({ content: content.toString('base64'), uploaded_at: at })
      .where('ticket', '=', ticket)
      .where('content', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async countPending(userId: string, now: string): Promise<number> {
    const row = await this.db.selectFrom('publish_uploads').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('expires_at', '>', now).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async delete(tickets: readonly string[]): Promise<void> {
    if (tickets.length === 0) return;
    await this.db.deleteFrom('publish_uploads').where('ticket', 'in', [...tickets]).execute();
  }

  async deleteExpired(now: string): Promise<number> {
    const result = await this.db.deleteFrom('publish_uploads').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function toRow(upload: PublishUpload): PublishUploadsTable {
  return { ...upload, content: upload.content === null ? null : upload.content.toString('base64') };
}

function fromRow(row: Selectable<PublishUploadsTable>): PublishUpload {
  return { ...row, size: Number(row.size), content: row.content === null ? null : Buffer.from(row.content, 'base64') };
}
