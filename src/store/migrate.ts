import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Dialect } from './connect.js';
import { migrations } from './migrations/index.js';

export class SchemaTooNewError extends Error {
  override readonly name = 'SchemaTooNewError';
}

/** The migrator's own tables: not data, never backed up. */
export const MIGRATION_TABLE = 'skillport_migrations';
export const LOCK_TABLE = 'skillport_migrations_lock';

/**
 * Brings the schema up to date. Safe to run on every start and from several nodes at once (the
 * migrator takes a lock). Refuses to touch a database that an newer Skillport has migrated past.
 */
export async function migrate(db: Kysely<unknown>, dialect: Dialect): Promise<string[]> {
  const known = migrations(dialect);
  const applied = await appliedMigrations(db);
  const unknown = applied.filter((name) => !(name in known));
  if (unknown.length > 0) {
    throw new SchemaTooNewError(
      `the database schema is newer than this version of Skillport knows (unknown migrations: ${unknown.join(', ')}); upgrade Skillport or point it at another database`,
    );
  }
  const provider: MigrationProvider = { getMigrations: async () => known as Record<string, Migration> };
  // Migrations are numbered by the part they belong to, so one can land after a higher-numbered
  // one was applied; each touches only its own tables, so the order between them does not matter.
  const migrator = new Migrator({ db, provider, migrationTableName: MIGRATION_TABLE, migrationLockTableName: LOCK_TABLE, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Names of the migrations applied to a database, in order; none for a fresh one. */
export async function appliedMigrations(db: Kysely<unknown>): Promise<string[]> {
  try {
    const rows = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)} order by name`.execute(db);
    return rows.rows.map((row) => row.name);
  } catch {
    return []; // no migration table yet: a fresh database
  }
}
