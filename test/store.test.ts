import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KyselyStore } from '../src/store/kysely-store.js';
import { ConflictError, openStore, SchemaTooNewError, type ApiKeyRecord, type Store, type User } from '../src/store/index.js';
import { BACKENDS, freshDatabase, type TestDatabase } from './helpers/databases.js';

const now = () => new Date().toISOString();
const user = (id: string, extra: Partial<User> = {}): User => ({ id, name: id, email: null, role: 'member', created_at: now(), updated_at: now(), ...extra });
const key = (id: string, userId: string, extra: Partial<ApiKeyRecord> = {}): ApiKeyRecord => ({
  id, name: id, prefix: id.slice(0, 8).padEnd(8, '0'), hash: `${id}`.padEnd(64, '0'), user_id: userId, role: 'member', scopes: ['skills:read'], teams: ['a'],
  expires_at: null, last_used_at: null, revoked_at: null, created_at: now(), created_by: null, ...extra,
});

describe.each(BACKENDS)('store on %s', (backend) => {
  let db: TestDatabase;
  let store: Store;

  beforeEach(async () => {
    db = await freshDatabase(backend);
    store = await openStore({ dataDir: db.dataDir, databaseUrl: db.databaseUrl });
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it('runs migrations once and is idempotent on restart', async () => {
    await store.close();
    store = await openStore({ dataDir: db.dataDir, databaseUrl: db.databaseUrl });
    const rows = await sql<{ name: string }>`select name from skillport_migrations`.execute((store as KyselyStore).kysely);
    expect(rows.rows.map((r) => r.name)).toEqual(['0001-identity', '0002-skill-configs', '0003-webhooks', '0004-scanning', '0005-tasks', '0006-shares', '0007-git-imports', '0008-cluster', '0009-publish-uploads']);
  });

  it('refuses a database migrated by a newer Skillport', async () => {
    await sql`insert into skillport_migrations (name, timestamp) values ('9999-from-the-future', '2030-01-01T00:00:00.000Z')`.execute((store as KyselyStore).kysely);
    await expect(openStore({ dataDir: db.dataDir, databaseUrl: db.databaseUrl })).rejects.toThrow(SchemaTooNewError);
    await expect(openStore({ dataDir: db.dataDir, databaseUrl: db.databaseUrl })).rejects.toThrow(/newer than this version of Skillport/);
  });

  it('stores users, refuses a duplicate email, and updates and deletes them', async () => {
    await store.users.create(user('ada', { email: 'ada@example.com', role: 'admin' }));
    await expect(store.users.create(user('ada2', { email: 'ada@example.com' }))).rejects.toBeInstanceOf(ConflictError);
    await expect(store.users.create(user('ada'))).rejects.toBeInstanceOf(ConflictError);
    expect(await store.users.get('ada')).toMatchObject({ role: 'admin', email: 'ada@example.com' });
    expect((await store.users.update('ada', { role: 'viewer' }))?.role).toBe('viewer');
    expect(await store.users.count()).toBe(1);
    expect(await store.users.delete('ada')).toBe(true);
    expect(await store.users.delete('ada')).toBe(false);
    expect(await store.users.get('ada')).toBeUndefined();
  });

  it('keeps team membership and drops it with the user', async () => {
    await store.users.create(user('bob'));
    await store.teams.create({ id: 't1', name: 'platform', description: '', created_at: now() });
    await expect(store.teams.create({ id: 't2', name: 'platform', description: '', created_at: now() })).rejects.toBeInstanceOf(ConflictError);
    await store.teams.addMember('t1', 'bob');
    await store.teams.addMember('t1', 'bob');
    expect(await store.teams.teamsOf('bob')).toEqual(['platform']);
    expect((await store.teams.members('t1')).map((u) => u.id)).toEqual(['bob']);
    expect((await store.teams.get('platform'))?.id).toBe('t1');
    await store.users.delete('bob');
    expect(await store.teams.members('t1')).toEqual([]);
  });

  it('finds keys by prefix, revokes once, records use, and deletes them with their user', async () => {
    await store.users.create(user('carol'));
    await store.keys.create(key('abcdefgh1', 'carol'));
    await store.keys.create(key('abcdefgh2', 'carol'));
    expect((await store.keys.findByPrefix('abcdefgh')).map((k) => k.id).sort()).toEqual(['abcdefgh1', 'abcdefgh2']);
    expect((await store.keys.get('abcdefgh1'))).toMatchObject({ scopes: ['skills:read'], teams: ['a'] });
    expect(await store.keys.revoke('abcdefgh1', now())).toBe(true);
    expect(await store.keys.revoke('abcdefgh1', now())).toBe(false);
    await store.keys.touch('abcdefgh2', '2026-01-01T00:00:00.000Z');
    expect((await store.keys.get('abcdefgh2'))?.last_used_at).toBe('2026-01-01T00:00:00.000Z');
    await store.users.delete('carol');
    expect(await store.keys.list()).toEqual([]);
  });

  it('appends and filters the audit log, newest first', async () => {
    for (let i = 0; i < 5; i++) {
      await store.audit.append({ actor_id: i % 2 ? 'x' : 'y', actor_kind: 'api_key', action: `act.${i}`, resource_type: 'thing', resource_id: String(i), outcome: 'success', ip: '127.0.0.1', request_id: null, details: { i } });
    }
    const all = await store.audit.query({ limit: 10 });
    expect(all.map((e) => e.action)).toEqual(['act.4', 'act.3', 'act.2', 'act.1', 'act.0']);
    expect(all[0]!.details).toEqual({ i: 4 });
    expect((await store.audit.query({ actor_id: 'x', limit: 10 })).map((e) => e.action)).toEqual(['act.3', 'act.1']);
    expect((await store.audit.query({ before_id: all[1]!.id, limit: 2 })).map((e) => e.action)).toEqual(['act.2', 'act.1']);
  });

  it('rolls back every write of a failed transaction', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.users.create(user('dave'));
        await tx.teams.create({ id: 't9', name: 'ghost', description: '', created_at: now() });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.users.get('dave')).toBeUndefined();
    expect(await store.teams.get('ghost')).toBeUndefined();
  });

  it('takes concurrent writes without losing any', async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => store.users.create(user(`u${i}`))));
    expect(await store.users.count()).toBe(40);
  });

  it('keeps every scan and reads back only the newest of each content', async () => {
    const scan = (id: string, digest: string, at: string, verdict: 'passed' | 'flagged') => store.scans.addResult({
      id, digest, skill_id: 'filesystem:a', name: 'a', version: '1.0.0', source: 'filesystem', verdict, max_severity: null, counts: {}, findings: [],
      errors: [], rule_pack_version: 'v1', trigger: 'load', job_id: null, scanned_at: at,
    });
    await scan('r1', 'sha256:one', '2026-01-01T00:00:00.000Z', 'passed');
    await scan('r2', 'sha256:one', '2026-01-03T00:00:00.000Z', 'flagged');
    await scan('r3', 'sha256:one', '2026-01-02T00:00:00.000Z', 'passed');
    await scan('r4', 'sha256:two', '2026-01-01T00:00:00.000Z', 'passed');
    const latest = (await store.scans.latestSummaries()).sort((a, b) => a.digest.localeCompare(b.digest));
    expect(latest.map((r) => [r.digest, r.id, r.verdict])).toEqual([['sha256:one', 'r2', 'flagged'], ['sha256:two', 'r4', 'passed']]);
    expect((await store.scans.history('a', { limit: 10 })).map((r) => r.id)).toEqual(['r2', 'r3', 'r4', 'r1']);
  });

  it('keeps publish upload slots per user: bytes once, expiry, and removal', async () => {
    const slot = (ticket: string, userId: string, expires: string) => ({
      ticket, storage_id: `sto-${ticket}`, user_id: userId, path: 'SKILL.md', size: 3, sha256: 'a'.repeat(64), content_type: 'text/markdown', content: null,
      created_at: now(), uploaded_at: null, expires_at: expires,
    });
    const later = new Date(Date.now() + 60_000).toISOString();
    await store.publishUploads.create(slot('t1', 'ada', later));
    await store.publishUploads.create(slot('t2', 'bob', later));
    await store.publishUploads.create(slot('t3', 'ada', '2020-01-01T00:00:00.000Z'));
    const bytes = Buffer.from([0, 1, 0xff]);
    expect(await store.publishUploads.attach('t1', bytes, now())).toBe(true);
    expect(await store.publishUploads.attach('t1', Buffer.from('no'), now())).toBe(false);
    expect((await store.publishUploads.get('t1'))?.content).toEqual(bytes);
    expect((await store.publishUploads.byStorageIds('ada', ['sto-t1', 'sto-t2'])).map((u) => u.ticket)).toEqual(['t1']);
    expect(await store.publishUploads.countPending('ada', now())).toBe(1);
    expect(await store.publishUploads.deleteExpired(now())).toBe(1);
    await store.publishUploads.delete(['t1']);
    expect(await store.publishUploads.get('t1')).toBeUndefined();
    expect(await store.publishUploads.get('t2')).toMatchObject({ user_id: 'bob', size: 3, content: null });
  });

  it('stores SQL metacharacters as plain text', async () => {
    const name = "Robert'); DROP TABLE users;--";
    await store.users.create(user('r', { name }));
    expect((await store.users.get('r'))?.name).toBe(name);
    expect(await store.teams.get("' OR '1'='1")).toBeUndefined();
  });

  if (backend === 'sqlite') {
    it('runs SQLite in WAL mode with foreign keys and a busy timeout', async () => {
      const k = (store as KyselyStore).kysely;
      expect((await sql<{ journal_mode: string }>`pragma journal_mode`.execute(k)).rows[0]?.journal_mode).toBe('wal');
      expect((await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(k)).rows[0]?.foreign_keys).toBe(1);
      expect((await sql<{ timeout: number }>`pragma busy_timeout`.execute(k)).rows[0]?.timeout).toBe(5000);
    });
  }
});

describe('store configuration', () => {
  it('refuses a database URL that is not PostgreSQL, with a message', async () => {
    await expect(openStore({ dataDir: '/tmp', databaseUrl: 'mysql://x' })).rejects.toThrow(/must be a postgres:\/\/ URL/);
  });
});
