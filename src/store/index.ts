import type { Kysely } from 'kysely';
import { connect, type ConnectOptions } from './connect.js';
import { KyselyStore } from './kysely-store.js';
import { migrate } from './migrate.js';
import { migrations } from './migrations/index.js';
import type { Store } from './store.js';

export type { Store, BackupRepository, TableReader, TableShape, TableWriter } from './store.js';
export * from './records.js';
export { SchemaTooNewError } from './migrate.js';
export { isDatabaseUnavailable } from './errors.js';
export { redactUrl, type Dialect } from './connect.js';
export type { ChangeFeed, StoreChange } from './change-feed.js';

/** Connects to the configured backend and brings its schema up to date. */
export async function openStore(options: ConnectOptions): Promise<Store> {
  const connection = connect(options);
  try {
    await migrate(connection.db as unknown as Kysely<unknown>, connection.dialect);
  } catch (err) {
    await connection.db.destroy();
    throw err;
  }
  return KyselyStore.fromConnection(connection);
}

/** Names of every migration this version of Skillport knows, in the order they sort. */
export function knownMigrations(): string[] {
  return Object.keys(migrations('sqlite')).sort();
}
