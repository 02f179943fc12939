import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * The PostgreSQL server tests use: SKILLPORT_TEST_DATABASE_URL (set by CI to a throwaway
 * database), else the local server these machines run.
 */
export const PG_BASE_URL = process.env.SKILLPORT_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  dataDir: string;
  databaseUrl?: string;
  drop(): Promise<void>;
}

/** A fresh, empty database of the given kind; `drop` removes it. */
export async function freshDatabase(kind: 'sqlite' | 'postgres'): Promise<TestDatabase> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'skillport-db-'));
  if (kind === 'sqlite') return { name: kind, dataDir, drop: () => rm(dataDir, { recursive: true, force: true }) };
  const dbName = `skillport_t_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`create database ${dbName}`));
  const url = new URL(PG_BASE_URL);
  url.pathname = `/${dbName}`;
  return {
    name: kind,
    dataDir,
    databaseUrl: url.toString(),
    drop: async () => {
      await admin((client) => client.query(`drop database if exists ${dbName} with (force)`));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function admin(work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: PG_BASE_URL });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

export const BACKENDS = ['sqlite', 'postgres'] as const;
