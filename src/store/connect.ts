import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Connection {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Where the data lives, without credentials. */
  location: string;
  /** A new client outside the pool, for LISTEN (PostgreSQL only). */
  listenClient?: () => pg.Client;
  /** The pool itself, for its usage figures (PostgreSQL only). */
  pool?: pg.Pool;
}

export interface ConnectOptions {
  /** `postgres://...` selects PostgreSQL; anything else (or nothing) the embedded SQLite file. */
  databaseUrl?: string;
  dataDir: string;
  poolSize?: number;
  /**
   * Names this process's connections (`application_name` on PostgreSQL), so change notifications
   * say which process made a change and a node can skip the ones it applied itself.
   */
  instanceId?: string;
}

export function connect(options: ConnectOptions): Connection {
  const url = options.databaseUrl?.trim();
  if (url && /^postgres(ql)?:\/\//i.test(url)) return connectPostgres(url, options.poolSize ?? 10, options.instanceId ?? 'skillport');
  if (url) throw new Error('SKILLPORT_DATABASE_URL must be a postgres:// URL; leave it unset for the embedded SQLite database');
  return connectSqlite(path.join(options.dataDir, 'skillport.db'));
}

function connectSqlite(file: string): Connection {
  mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  // WAL lets readers run beside the writer; FULL sync makes every acknowledged commit durable,
  // even across a power cut, at a cost that only matters for write-heavy loads we do not have.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }), dialect: 'sqlite', location: file };
}

function connectPostgres(url: string, max: number, applicationName: string): Connection {
  // A database that went away fails requests within seconds (503) instead of holding them.
  const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 5_000, application_name: applicationName });
  // A client losing its connection must not crash the process: an idle one is replaced by the
  // pool, and a checked-out one fails its query, which the caller sees.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return {
    db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
    dialect: 'postgres',
    location: redactUrl(url),
    listenClient: () => new pg.Client({ connectionString: url, application_name: applicationName, connectionTimeoutMillis: 5_000, keepAlive: true }),
    pool,
  };
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}
