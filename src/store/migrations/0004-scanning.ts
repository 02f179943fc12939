import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../connect.js';

/**
 * Scan results (every scan kept, for history), scan jobs, the quarantine policy (one row) and
 * admin overrides of it. Results are keyed by the digest of a skill's content, so a skill whose
 * content did not change is never scanned twice under the same rule pack.
 */
export const scanningMigration = (_dialect: Dialect): Migration => ({
  up: async (db: Kysely<unknown>) => {
    await db.schema
      .createTable('scan_results')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('digest', 'text', (c) => c.notNull())
      .addColumn('skill_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('verdict', 'text', (c) => c.notNull())
      .addColumn('max_severity', 'text')
      .addColumn('counts', 'text', (c) => c.notNull())
      .addColumn('findings', 'text', (c) => c.notNull())
      .addColumn('errors', 'text', (c) => c.notNull())
      .addColumn('rule_pack_version', 'text', (c) => c.notNull())
      .addColumn('trigger', 'text', (c) => c.notNull())
      .addColumn('job_id', 'text')
      .addColumn('scanned_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('scan_results_digest').on('scan_results').columns(['digest', 'scanned_at']).execute();
    await db.schema.createIndex('scan_results_name').on('scan_results').columns(['name', 'scanned_at']).execute();

    await db.schema
      .createTable('scan_jobs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('params', 'text', (c) => c.notNull())
      .addColumn('targets', 'text')
      .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('passed', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('flagged', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('errored', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('error', 'text')
      .addColumn('cancel_requested', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text')
      .addColumn('finished_at', 'text')
      .addColumn('heartbeat_at', 'text')
      .execute();
    await db.schema.createIndex('scan_jobs_status').on('scan_jobs').columns(['status', 'created_at']).execute();

    await db.schema
      .createTable('quarantine_policy')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('policy', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .execute();

    await db.schema
      .createTable('scan_overrides')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('digest', 'text', (c) => c.notNull())
      .addColumn('skill_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text')
      .execute();
    await db.schema.createIndex('scan_overrides_digest').on('scan_overrides').column('digest').execute();
  },
  down: async (db: Kysely<unknown>) => {
    for (const table of ['scan_overrides', 'quarantine_policy', 'scan_jobs', 'scan_results']) await db.schema.dropTable(table).execute();
  },
});
