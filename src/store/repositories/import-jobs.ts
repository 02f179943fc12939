import type { Kysely, Selectable } from 'kysely';
import type { ImportJobRecord } from '../records.js';
import type { Database, ImportJobsTable } from '../schema.js';
import type { ImportJobRepository } from '../store.js';

export class KyselyImportJobRepository implements ImportJobRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(job: ImportJobRecord): Promise<ImportJobRecord> {
    await this.db.insertInto('import_jobs').values(toRow(job)).execute();
    return job;
  }

  async get(id: string): Promise<ImportJobRecord | undefined> {
    const row = await this.db.selectFrom('import_jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  async update(id: string, changes: Partial<Omit<ImportJobRecord, 'id' | 'created_at' | 'created_by' | 'params' | 'node_id'>>): Promise<void> {
    const set: Partial<ImportJobsTable> = {};
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      (set as Record<string, unknown>)[key] = key === 'progress' || key === 'result' ? (value === null ? null : JSON.stringify(value)) : value;
    }
    await this.db.updateTable('import_jobs').set(set).where('id', '=', id).execute();
  }

  async failUnfinished(nodeId: string, error: string, at: string): Promise<number> {
    const result = await this.db.updateTable('import_jobs').set({ status: 'failed', error, error_code: 'interrupted', finished_at: at, updated_at: at }).where('node_id', '=', nodeId).where('status', '=', 'running').executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}

function toRow(job: ImportJobRecord): ImportJobsTable {
  return { ...job, params: JSON.stringify(job.params), progress: JSON.stringify(job.progress), result: job.result === null ? null : JSON.stringify(job.result) };
}

function fromRow(row: Selectable<ImportJobsTable>): ImportJobRecord {
  return {
    ...row,
    status: row.status as ImportJobRecord['status'],
    params: JSON.parse(row.params) as Record<string, unknown>,
    progress: JSON.parse(row.progress) as ImportJobRecord['progress'],
    result: row.result === null ? null : (JSON.parse(row.result) as Record<string, unknown>),
  };
}
