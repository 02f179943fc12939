import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../connect.js';

/** Skills stored through the API, and every revision of each. */
export const skillConfigsMigration = (dialect: Dialect): Migration => ({
  up: async (db: Kysely<unknown>) => {
    await db.schema
      .createTable('skill_configs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('visibility', 'text', (c) => c.notNull())
      .addColumn('shared_with_teams', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('owner_id', 'text', (c) => c.notNull())
      .addColumn('is_system', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('template_source_id', 'text', (c) => c.unique())
      .addColumn('skill_content', 'text', (c) => c.notNull())
      .addColumn('tasks', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('ancillary_files', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('scan_status', 'text', (c) => c.notNull().defaultTo('unscanned'))
      .addColumn('scan_summary', 'text')
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('skill_configs_owner_name', ['owner_id', 'name'])
      .execute();
    await db.schema.createIndex('skill_configs_name').on('skill_configs').column('name').execute();

    await db.schema
      .createTable('skill_config_revisions')
      .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('config_id', 'text', (c) => c.notNull().references('skill_configs.id').onDelete('cascade'))
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text')
      /** The whole config as it was after this revision, as JSON. */
      .addColumn('snapshot', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('skill_config_revisions_rev', ['config_id', 'revision'])
      .execute();
  },
  down: async (db: Kysely<unknown>) => {
    await db.schema.dropTable('skill_config_revisions').execute();
    await db.schema.dropTable('skill_configs').execute();
  },
});
