import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../connect.js';
import { announceChanges, stopAnnouncing, type AnnounceOptions } from './announce.js';

/**
 * What nodes sharing one database need: change announcements on every table whose rows a node
 * keeps in memory (see announce.ts), and leases, so periodic work runs on one node at a time.
 */
export const ANNOUNCED_TABLES: ReadonlyArray<{ table: string; key: string } & AnnounceOptions> = [
  { table: 'skill_configs', key: 'id' },
  { table: 'skill_config_revisions', key: 'config_id' },
  { table: 'users', key: 'id' },
  { table: 'teams', key: 'id' },
  { table: 'team_members', key: 'team_id' },
  // Recording a key's last use is not a change anyone needs to hear about.
  { table: 'api_keys', key: 'id', updateOf: ['revoked_at', 'expires_at', 'role', 'scopes', 'teams', 'user_id', 'hash', 'prefix'] },
  { table: 'webhooks', key: 'id' },
  { table: 'scan_results', key: 'digest' },
  { table: 'scan_overrides', key: 'id' },
  { table: 'quarantine_policy', key: 'id' },
];

export const clusterMigration = (dialect: Dialect): Migration => ({
  up: async (db: Kysely<unknown>) => {
    await db.schema
      .createTable('cluster_leases')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('holder', 'text', (c) => c.notNull())
      .addColumn('acquired_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    for (const { table, key, ...options } of ANNOUNCED_TABLES) await announceChanges(db, dialect, table, key, options);
  },
  down: async (db: Kysely<unknown>) => {
    for (const { table } of ANNOUNCED_TABLES) await stopAnnouncing(db, dialect, table);
    await db.schema.dropTable('cluster_leases').execute();
  },
});
