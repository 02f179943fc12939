import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../connect.js';

/** Tasks: queries run against the model, with the skill they used and what came of them. */
export const tasksMigration = (_dialect: Dialect): Migration => ({
  up: async (db: Kysely<unknown>) => {
    await db.schema
      .createTable('tasks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('query', 'text', (c) => c.notNull())
      .addColumn('skill', 'text')
      .addColumn('skill_version', 'text')
      .addColumn('skill_source', 'text')
      .addColumn('dangerous', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('authority', 'text')
      .addColumn('session_id', 'text')
      .addColumn('context', 'text')
      .addColumn('expansion', 'text', (c) => c.notNull())
      .addColumn('result', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('prompt_tokens', 'integer')
      .addColumn('completion_tokens', 'integer')
      .addColumn('total_tokens', 'integer')
      .addColumn('finish_reason', 'text')
      .addColumn('error', 'text')
      .addColumn('error_code', 'text')
      .addColumn('owner_id', 'text')
      .addColumn('actor_kind', 'text', (c) => c.notNull())
      .addColumn('key_id', 'text')
      .addColumn('request_id', 'text')
      .addColumn('node_id', 'text', (c) => c.notNull())
      .addColumn('cancel_requested', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text')
      .addColumn('finished_at', 'text')
      .addColumn('heartbeat_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('tasks_owner_created').on('tasks').columns(['owner_id', 'created_at', 'id']).execute();
    await db.schema.createIndex('tasks_created').on('tasks').columns(['created_at', 'id']).execute();
    await db.schema.createIndex('tasks_unfinished').on('tasks').columns(['status', 'node_id']).execute();
    await db.schema.createIndex('tasks_session').on('tasks').columns(['session_id', 'created_at']).execute();
  },
  down: async (db: Kysely<unknown>) => {
    await db.schema.dropTable('tasks').execute();
  },
});
