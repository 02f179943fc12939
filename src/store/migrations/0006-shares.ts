import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../connect.js';
import { announceChanges, stopAnnouncing } from './announce.js';

/**
 * Share links: read-only access to a set of skills for installers that send no credentials. The
 * token is kept only as a SHA-256 hash, found by an 8-character prefix like an API key. Changes are
 * announced so that every node refuses a revoked share at once.
 */
export const sharesMigration = (dialect: Dialect): Migration => ({
  up: async (db: Kysely<unknown>) => {
    await db.schema
      .createTable('shares')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('prefix', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      // team: what a member of team_id sees; skills: the named skills; all: what the creator sees.
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('team_id', 'text')
      .addColumn('skills', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text')
      .addColumn('revoked_at', 'text')
      .execute();
    await db.schema.createIndex('shares_prefix').on('shares').column('prefix').execute();
    await db.schema.createIndex('shares_created_by').on('shares').column('created_by').execute();
    await announceChanges(db, dialect, 'shares', 'id');
  },
  down: async (db: Kysely<unknown>) => {
    await stopAnnouncing(db, dialect, 'shares');
    await db.schema.dropTable('shares').execute();
  },
});
