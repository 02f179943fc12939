import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../connect.js';

/**
 * Bringing skills in from git: credentials for private repositories (the secret encrypted), hubs
 * (repositories kept in sync) with the skills their last sync found, so every node serves a
 * hub's skills from the database without fetching the repository itself, and import jobs with
 * their progress and result, readable from any node.
 */
export const gitImportsMigration = (_dialect: Dialect): Migration => ({
  up: async (db: Kysely<unknown>) => {
    await db.schema
      .createTable('git_credentials')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('username', 'text')
      // AES-256-GCM: version, nonce, tag and ciphertext, base64; never the secret in clear.
      .addColumn('secret_sealed', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('skill_hubs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('repository', 'text', (c) => c.notNull())
      .addColumn('ref', 'text')
      .addColumn('paths', 'text', (c) => c.notNull())
      .addColumn('credentials_ref', 'text')
      .addColumn('sync_interval_s', 'integer', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('visibility', 'text', (c) => c.notNull())
      .addColumn('shared_with_teams', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('last_commit', 'text')
      .addColumn('last_ref', 'text')
      .addColumn('last_sync_at', 'text')
      .addColumn('last_attempt_at', 'text')
      .addColumn('last_duration_ms', 'integer')
      .addColumn('last_status', 'text')
      .addColumn('last_error', 'text')
      .addColumn('skills_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('sync_errors', 'text', (c) => c.notNull())
      // Bumped on every stored sync result, so a node can tell that its copy is stale.
      .addColumn('result_version', 'integer', (c) => c.notNull().defaultTo(0))
      // Which node is syncing it, until when: a compare-and-set claim, so one node syncs at a time.
      .addColumn('claimed_by', 'text')
      .addColumn('claim_until', 'text')
      .execute();

    await db.schema
      .createTable('hub_skills')
      .addColumn('hub_id', 'text', (c) => c.notNull().references('skill_hubs.id').onDelete('cascade'))
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('layout', 'text', (c) => c.notNull())
      .addColumn('content', 'text', (c) => c.notNull())
      // JSON: [{path, size, sha256, encoding: utf8|base64, content}]
      .addColumn('files', 'text', (c) => c.notNull())
      .addColumn('digest', 'text', (c) => c.notNull())
      .addColumn('commit', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('hub_skills_pk', ['hub_id', 'path'])
      .execute();

    await db.schema
      .createTable('import_jobs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('params', 'text', (c) => c.notNull())
      .addColumn('progress', 'text', (c) => c.notNull())
      .addColumn('result', 'text')
      .addColumn('error', 'text')
      .addColumn('error_code', 'text')
      .addColumn('node_id', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .execute();
    await db.schema.createIndex('import_jobs_created').on('import_jobs').columns(['created_at']).execute();
  },
  down: async (db: Kysely<unknown>) => {
    for (const table of ['import_jobs', 'hub_skills', 'skill_hubs', 'git_credentials']) await db.schema.dropTable(table).execute();
  },
});
