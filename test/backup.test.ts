import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import SqliteDatabase from 'better-sqlite3';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKED_UP, BackupError, exportBackup, NOT_BACKED_UP, restoreBackup, type BackupManifest } from '../src/backup/index.js';
import { openStore, type Store } from '../src/store/index.js';
import { AWKWARD, MEMBER_KEY, populate, REVOKED_KEY } from './helpers/backup-fixture.js';
import { freshDatabase, type TestDatabase } from './helpers/databases.js';
import { REPO_ROOT, startServer } from './helpers/server.js';

const run = promisify(execFile);
const TSX = pathToFileURL(path.join(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
/** Small parts, so the fixture's larger rows spread over several. */
const VERSION = { skillportVersion: 'test', partBytes: 64 * 1024 };

const databases: TestDatabase[] = [];
async function fresh(kind: 'sqlite' | 'postgres'): Promise<{ db: TestDatabase; store: Store }> {
  const db = await freshDatabase(kind);
  databases.push(db);
  return { db, store: await openStore({ databaseUrl: db.databaseUrl, dataDir: db.dataDir }) };
}
const stores: Store[] = [];
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close().catch(() => {})));
  await Promise.all(databases.map((d) => d.drop()));
});

/** Every row of every covered table, as objects, in key order (the same order on both backends). */
async function dump(store: Store): Promise<Record<string, Array<Record<string, unknown>>>> {
  return store.backup.snapshot(async (reader) => {
    const out: Record<string, Array<Record<string, unknown>>> = {};
    for (const table of BACKED_UP) {
      const columns = reader.shapes.find((s) => s.name === table.name)!.columns.map((c) => c.name);
      const rows: unknown[][] = [];
      for (let after: unknown[] | undefined; ; ) {
        const page = await reader.page(table.name, table.key, after, 1000);
        rows.push(...page);
        if (page.length < 1000) break;
        after = table.key.map((k) => page.at(-1)![columns.indexOf(k)]);
      }
      const objects = rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])));
      const keyOf = (row: Record<string, unknown>) => JSON.stringify(table.key.map((k) => row[k]));
      out[table.name] = objects.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
    }
    return out;
  });
}

/** What a restore should hold: the source's rows, with an import that was running marked interrupted. */
function expectSameRows(restored: Awaited<ReturnType<typeof dump>>, source: Awaited<ReturnType<typeof dump>>) {
  for (const table of BACKED_UP) {
    const want = table.name === 'import_jobs' ? source[table.name]!.filter((r) => r.status !== 'running') : source[table.name]!;
    const got = table.name === 'import_jobs' ? restored[table.name]!.filter((r) => r.id !== 'imp_running') : restored[table.name]!;
    expect({ table: table.name, rows: got }).toEqual({ table: table.name, rows: want });
  }
  const interrupted = restored.import_jobs!.find((r) => r.id === 'imp_running');
  expect(interrupted).toMatchObject({ status: 'failed', error_code: 'interrupted' });
}

async function emptyEverywhere(store: Store): Promise<void> {
  const counts = await store.backup.snapshot(async (reader) => Promise.all(BACKED_UP.map(async (t) => [t.name, await reader.count(t.name)] as const)));
  expect(counts.filter(([, n]) => n > 0)).toEqual([]);
}

let source: { db: TestDatabase; store: Store };
let sourceRows: Awaited<ReturnType<typeof dump>>;
let archive: string;

beforeAll(async () => {
  source = await fresh('sqlite');
  stores.push(source.store);
  await populate(source.store);
  sourceRows = await dump(source.store);
  archive = path.join(source.db.dataDir, 'backup.tar.gz');
  await exportBackup(source.store, archive, VERSION);
}, 60_000);

describe('backup coverage', () => {
  it('decides about every table the schema has, on both backends', async () => {
    for (const kind of ['sqlite', 'postgres'] as const) {
      const { store } = await fresh(kind);
      stores.push(store);
      const tables = (await store.backup.tables()).map((t) => t.name).sort();
      expect(tables).toEqual([...BACKED_UP.map((t) => t.name), ...Object.keys(NOT_BACKED_UP)].sort());
    }
    // The fixture fills every covered table, so the round trips below compare real rows.
    for (const table of BACKED_UP) expect({ table: table.name, rows: sourceRows[table.name]!.length > 0 }).toEqual({ table: table.name, rows: true });
  });

  it('refuses to export a database holding a table it has not decided about', async () => {
    const { db, store } = await fresh('sqlite');
    await store.close();
    const raw = new SqliteDatabase(path.join(db.dataDir, 'skillport.db'));
    raw.exec('create table mystery (id text primary key)');
    raw.close();
    const reopened = await openStore({ dataDir: db.dataDir });
    stores.push(reopened);
    const out = path.join(db.dataDir, 'x.tar.gz');
    await expect(exportBackup(reopened, out, VERSION)).rejects.toThrow(/does not know how to back up \(mystery\)/);
    await expect(stat(out)).rejects.toThrow();
    await expect(stat(`${out}.partial`)).rejects.toThrow();
  });
});

describe('round trips', () => {
  it('restores every row of a SQLite backup into PostgreSQL, and of that one back into SQLite', async () => {
    const manifest = JSON.parse(await entry(archive, 'manifest.json')) as BackupManifest;
    expect(manifest).toMatchObject({ format: 'skillport-backup', format_version: 1, source: 'sqlite' });
    expect(manifest.migrations).toContain('0001-identity');
    expect(manifest.tables.map((t) => t.name)).toEqual(BACKED_UP.map((t) => t.name));
    for (const table of manifest.tables) expect(table.rows).toBe(sourceRows[table.name]!.length);
    expect(manifest.tables.find((t) => t.name === 'hub_skills')!.parts.length).toBeGreaterThan(1);
    expect(Object.keys(manifest.excluded)).toEqual(['cluster_leases', 'publish_uploads']);

    const pg = await fresh('postgres');
    stores.push(pg.store);
    const progress: string[] = [];
    await restoreBackup(pg.store, archive, { onProgress: (p) => p.done && progress.push(`${p.table}:${p.rows}`) });
    expect(progress).toContain(`audit_log:${sourceRows.audit_log!.length}`);
    const inPg = await dump(pg.store);
    expectSameRows(inPg, sourceRows);
    expect(inPg.users!.find((u) => u.id === 'mia')!.name).toBe(AWKWARD);
    // New ids continue after the restored ones.
    const next = await pg.store.audit.append({ actor_id: null, actor_kind: 'system', action: 'after.restore', resource_type: 'x', resource_id: null, outcome: 'success', ip: null, request_id: null, details: {} });
    expect(next.id).toBeGreaterThan(Math.max(...sourceRows.audit_log!.map((r) => r.id as number)));

    const back = path.join(pg.db.dataDir, 'from-pg.tar.gz');
    await exportBackup(pg.store, back, VERSION);
    const lite = await fresh('sqlite');
    stores.push(lite.store);
    await restoreBackup(lite.store, back);
    const roundTripped = await dump(lite.store);
    const withoutNew = { ...roundTripped, audit_log: roundTripped.audit_log!.filter((r) => r.action !== 'after.restore') };
    expectSameRows(withoutNew, sourceRows);
  });

  it('takes one consistent snapshot while other clients keep writing, on both backends', { timeout: 60_000 }, async () => {
    for (const kind of ['sqlite', 'postgres'] as const) {
      const { db, store } = await fresh(kind);
      stores.push(store);
      await populateConfigs(store);
      const before = await dump(store);
      const out = path.join(db.dataDir, 'live.tar.gz');
      let wrote = false;
      // The moment the configs are read, another client commits a new config with its revision.
      // A backup that is not one snapshot would hold the revision without its config.
      await exportBackup(store, out, {
        ...VERSION,
        onProgress: (p) => {
          if (p.table !== 'skill_configs' || !p.done || wrote) return;
          wrote = true;
          writeConfigElsewhere(kind, db);
        },
      });
      expect(wrote).toBe(true);
      expect((await dump(store)).skill_config_revisions!.length).toBe(before.skill_config_revisions!.length + 1);
      const target = await fresh(kind);
      stores.push(target.store);
      await restoreBackup(target.store, out);
      const restored = await dump(target.store);
      expect(restored.skill_configs!.length).toBe(before.skill_configs!.length);
      expect(restored.skill_config_revisions!.length).toBe(before.skill_config_revisions!.length);
    }
  });
});

/** A few stored skills with their revisions: what the snapshot test needs, quickly. */
async function populateConfigs(store: Store): Promise<void> {
  await store.transaction(async (s) => {
    for (let i = 0; i < 3; i++) {
      const config = { id: `cfg_${i}`, name: `skill-${i}`, description: 'd', category: 'ops', version: '1.0.0', visibility: 'global' as const, shared_with_teams: [], owner_id: 'owner', is_system: false, template_source_id: null, skill_content: 'x', tasks: [], metadata: {}, ancillary_files: {}, scan_status: 'unscanned', scan_summary: null, revision: 1, created_at: 'now', updated_at: 'now' };
      await s.configs.create(config);
      await s.configs.addRevision({ config_id: config.id, revision: 1, version: '1.0.0', action: 'create', actor_id: null, config, created_at: 'now' });
    }
  });
}

/** A write committed by another client, synchronously, in the middle of an export. */
function writeConfigElsewhere(kind: 'sqlite' | 'postgres', db: TestDatabase): void {
  const config = `insert into skill_configs (id, name, description, category, version, visibility, shared_with_teams, owner_id, is_system, skill_content, revision, created_at, updated_at)
    values ('cfg_late', 'late', 'late', 'ops', '1.0.0', 'global', '[]', 'owner', 0, 'x', 1, 'now', 'now');
    insert into skill_config_revisions (config_id, revision, version, action, snapshot, created_at) values ('cfg_late', 1, '1.0.0', 'create', '{}', 'now');`;
  if (kind === 'sqlite') {
    const raw = new SqliteDatabase(path.join(db.dataDir, 'skillport.db'));
    raw.exec(`begin; ${config} commit;`);
    raw.close();
    return;
  }
  const result = spawnSync('psql', [db.databaseUrl!, '-v', 'ON_ERROR_STOP=1', '-q', '-1', '-c', config], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
}

describe('refusals', () => {
  it('refuses a truncated, damaged or altered archive before writing anything', async () => {
    const target = await fresh('postgres');
    stores.push(target.store);
    const bytes = await readFile(archive);
    const dir = target.db.dataDir;
    const entries = await readEntries(bytes);
    const usersPart = 'tables/users/00001.ndjson';
    const cases: Array<[string, Buffer, RegExp]> = [
      ['truncated', bytes.subarray(0, Math.floor(bytes.length / 2)), /truncated or damaged/],
      ['cut before its manifest', await pack(entries.filter((e) => e.name !== 'manifest.json')), /no manifest, so it is truncated/],
      ['not an archive', Buffer.from('users,teams\n1,2\n'), /truncated or damaged/],
      ['a flipped byte', flip(bytes, Math.floor(bytes.length / 3)), /truncated or damaged|checksum/],
      ['a row altered', await pack(entries.map((e) => (e.name === usersPart ? { ...e, data: Buffer.from(e.data.toString().replace('Owner', 'Eve!!')) } : e))), /"tables\/users\/00001.ndjson" does not match its checksum/],
      ['a part left out', await pack(entries.filter((e) => e.name !== 'tables/teams/00001.ndjson')), /"tables\/teams\/00001.ndjson" is missing/],
      ['a part added', await pack([{ name: 'tables/users/00009.ndjson', data: Buffer.from('["x"]\n') }, ...entries]), /"tables\/users\/00009.ndjson", which its manifest does not list/],
      ['a newer format', await pack(withManifest(entries, (m) => ({ ...m, format_version: 99 }))), /backup format 99/],
      ['some other file', await pack([{ name: 'manifest.json', data: Buffer.from('{"format":"tarball"}') }]), /not a Skillport backup/],
    ];
    for (const [what, data, message] of cases) {
      const file = path.join(dir, `${what.replaceAll(' ', '-')}.tar.gz`);
      await writeFile(file, data);
      const outcome = await restoreBackup(target.store, file).then(() => 'restored', (err: unknown) => err);
      expect({ what, refused: outcome instanceof BackupError }).toEqual({ what, refused: true });
      expect({ what, message: (outcome as Error).message }).toMatchObject({ what, message: expect.stringMatching(message) });
      expect((outcome as Error).message).toContain('nothing was written');
    }
    await emptyEverywhere(target.store);
  });

  it('writes nothing when the database refuses a row part-way through', async () => {
    // A consistent archive (checksums rewritten) whose last table repeats a key: everything
    // before it was inserted in the same transaction, and must be gone.
    const entries = await readEntries(await readFile(archive));
    const part = 'tables/import_jobs/00001.ndjson';
    const doubled = entries.map((e) => (e.name === part ? { ...e, data: Buffer.concat([e.data, e.data]) } : e));
    const forged = await pack(withManifest(doubled, (m) => reseal(m, doubled)));
    for (const kind of ['sqlite', 'postgres'] as const) {
      const target = await fresh(kind);
      stores.push(target.store);
      const file = path.join(target.db.dataDir, 'forged.tar.gz');
      await writeFile(file, forged);
      await expect(restoreBackup(target.store, file)).rejects.toThrow(/the database refused the backup's rows.*nothing was written/);
      await emptyEverywhere(target.store);
    }
  });
});

describe('the command line', () => {
  it('moves a SQLite deployment to PostgreSQL in two commands, refusing a target that holds data without --force', async () => {
    const pg = await freshDatabase('postgres');
    databases.push(pg);
    const file = path.join(pg.dataDir, 'cli.tar.gz');
    const exported = await cli(['export', '--out', file], { SKILLPORT_DATA_DIR: source.db.dataDir, SKILLPORT_DATABASE_URL: '' });
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/Wrote .*cli\.tar\.gz: \d+ rows of 19 tables/);
    expect(exported.stderr).toMatch(/audit_log +1200 rows/);
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const env = { SKILLPORT_DATA_DIR: pg.dataDir, SKILLPORT_DATABASE_URL: pg.databaseUrl! };
    const restored = await cli(['import', '--in', file], env);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/^Restored \d+ rows of 19 tables from .* from sqlite/);
    expect(restored.stderr).toMatch(/team_members +601 rows/);

    const again = await cli(['import', '--in', file], env);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(/^skillport: the database at postgres:\/\/.* already holds data \(users: 22, .*\); restore into an empty database, or add --force/m);
    // --force replaces what is there, in the same one transaction.
    const target = await openStore({ databaseUrl: pg.databaseUrl, dataDir: pg.dataDir });
    try {
      await target.users.create({ id: 'added-later', name: 'Later', email: null, role: 'viewer', created_at: 'x', updated_at: 'x' });
      const forced = await restoreBackup(target, file, { force: true });
      expect(forced.replaced.users).toBe(23);
      expect(await target.users.get('added-later')).toBeUndefined();
    } finally {
      await target.close();
    }

    // A server on the restored database serves the same skills to the same keys.
    const server = await startServer({ databaseUrl: pg.databaseUrl });
    try {
      const res = await server.get('/api/v1/skills/restored-skill');
      expect(res.status).toBe(200);
      expect(((await res.json()) as { skill: { description: string } }).skill.description).toBe('The restored-skill, edited');
      expect((await server.get('/api/v1/skills', { 'x-api-key': MEMBER_KEY })).status).toBe(200);
      expect((await server.get('/api/v1/skills', { 'x-api-key': REVOKED_KEY })).status).toBe(401);
      const policy = (await (await server.get('/api/skills/quarantine-policy')).json()) as { mode: string };
      expect(policy.mode).toBe('block');
    } finally {
      await server.close();
    }
  }, 240_000);
});

async function cli(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', TSX, path.join(REPO_ROOT, 'src/cli/main.ts'), ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

interface Entry {
  name: string;
  data: Buffer;
}

async function readEntries(gz: Buffer): Promise<Entry[]> {
  const extract = tar.extract();
  const out: Entry[] = [];
  const done = (async () => {
    for await (const e of extract) {
      const chunks: Buffer[] = [];
      for await (const chunk of e) chunks.push(chunk as Buffer);
      out.push({ name: e.header.name, data: Buffer.concat(chunks) });
    }
  })();
  extract.end(gunzipSync(gz));
  await done;
  return out;
}

async function pack(entries: Entry[]): Promise<Buffer> {
  const p = tar.pack();
  const chunks: Buffer[] = [];
  const reading = (async () => {
    for await (const chunk of p) chunks.push(chunk as Buffer);
  })();
  for (const e of entries) p.entry({ name: e.name, size: e.data.length }, e.data);
  p.finalize();
  await reading;
  return gzipSync(Buffer.concat(chunks));
}

async function entry(file: string, name: string): Promise<string> {
  return (await readEntries(await readFile(file))).find((e) => e.name === name)!.data.toString('utf8');
}

function withManifest(entries: Entry[], change: (m: BackupManifest) => BackupManifest): Entry[] {
  return entries.map((e) => (e.name === 'manifest.json' ? { ...e, data: Buffer.from(JSON.stringify(change(JSON.parse(e.data.toString()) as BackupManifest))) } : e));
}

/** The manifest rewritten to match altered parts: what a careful forger would do. */
function reseal(manifest: BackupManifest, entries: Entry[]): BackupManifest {
  const byName = new Map(entries.map((e) => [e.name, e.data]));
  return {
    ...manifest,
    tables: manifest.tables.map((t) => {
      const parts = t.parts.map((p) => {
        const data = byName.get(p.path)!;
        const rows = data.toString().split('\n').length - 1;
        return { ...p, rows, bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') };
      });
      return { ...t, parts, rows: parts.reduce((n, p) => n + p.rows, 0) };
    }),
  };
}

function flip(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = copy[at]! ^ 0xff;
  return copy;
}
