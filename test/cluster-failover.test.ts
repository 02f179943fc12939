import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freshDatabase, type TestDatabase } from './helpers/databases.js';
import { startNodeProcess, type NodeProcess } from './helpers/node-process.js';
import { PgProxy } from './helpers/pg-proxy.js';
import { waitFor } from './helpers/server.js';

// Nodes are separate processes (so one can be killed with SIGKILL), each reaching the shared
// PostgreSQL database through its own relay, which the tests cut to take the database away from
// them without stopping the server other test runs use.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 300_000 });

const SKILLS = 400;
let database: TestDatabase;
let base: string;
let skillsDir: string;
const proxies: PgProxy[] = [];
const nodes: NodeProcess[] = [];

const skillMd = (name: string, description: string) => `---\nname: ${name}\ndescription: ${description}\n---\n\n# Steps\n\n1. Read the request.\n2. Answer it.\n`;

function nodeEnv(i: number): Record<string, string> {
  return {
    SKILLPORT_DATABASE_URL: proxies[i]!.url(database.databaseUrl!),
    SKILLPORT_DATA_DIR: path.join(base, `node-${i}`),
    SKILLPORT_SKILLS_PATH: skillsDir,
    // A scan job whose node stops heartbeating is taken over after ten seconds (30 by default);
    // much less, and a busy machine delays a live node's heartbeat past it.
    SKILLPORT_SCAN_JOB_STALE_MS: '10000',
    SKILLPORT_SECRET_KEY: 'f'.repeat(64),
  };
}

async function direct<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

async function metric(node: NodeProcess, pattern: RegExp): Promise<number> {
  const res = await node.call('GET', '/metrics');
  let sum = 0;
  for (const line of String(res.body).split('\n')) {
    const match = pattern.exec(line);
    if (match) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}
const jobScans = (node: NodeProcess) => metric(node, /^skillport_scans_total\{[^}]*trigger="job"/);

async function ready(node: NodeProcess): Promise<boolean> {
  return (await fetch(`${node.url}/readyz`)).status === 200;
}

/** What a node's catalog says about one skill: its description, or null when it is not there. */
async function seen(node: NodeProcess, name: string): Promise<string | null> {
  const res = await node.call('GET', `/api/v1/skills/${name}`);
  return res.status === 200 ? (res.body.skill.description as string) : null;
}

beforeAll(async () => {
  database = await freshDatabase('postgres');
  base = await mkdtemp(path.join(os.tmpdir(), 'skillport-failover-'));
  skillsDir = path.join(base, 'skills');
  for (let i = 0; i < SKILLS; i++) {
    const name = `skill-${String(i).padStart(4, '0')}`;
    await mkdir(path.join(skillsDir, name), { recursive: true });
    await writeFile(path.join(skillsDir, name, 'SKILL.md'), skillMd(name, `Skill number ${i}`));
  }
  for (let i = 0; i < 3; i++) proxies.push(await PgProxy.start(database.databaseUrl!));
  // The first node migrates the database, creates the owner and scans the directory; the others
  // start on a database that already has all of it.
  nodes.push(await startNodeProcess('node-0', nodeEnv(0)));
  await waitFor(async () => (await metric(nodes[0]!, /^skillport_scan_queue /)) === 0 && (await ready(nodes[0]!)), 90_000);
  nodes.push(...(await Promise.all([1, 2].map((i) => startNodeProcess(`node-${i}`, nodeEnv(i))))));
});

afterAll(async () => {
  await Promise.all(nodes.map((node) => node.kill('SIGKILL')));
  await Promise.all(proxies.map((proxy) => proxy.close()));
  await database?.drop();
  if (base) await rm(base, { recursive: true, force: true });
});

describe('nodes as separate processes on one PostgreSQL database', () => {
  it('finishes a scan job on another node when the node running it is killed with SIGKILL', async () => {
    const created = await nodes[0]!.call('POST', '/api/skills/scan-jobs', { kind: 'catalog' });
    expect(created.status).toBe(202);
    const id = created.body.id as string;
    // Whichever node took the job is the one whose job scans rise.
    const runner = await waitFor(async () => {
      for (const node of nodes) if ((await jobScans(node)) > 0) return node;
      return undefined;
    }, 30_000);
    runner.child.kill('SIGKILL');
    await runner.exited;
    // A replacement joins for the tests that follow (it needs a while to start; so does recovery).
    const index = nodes.indexOf(runner);
    const replacement = startNodeProcess(`node-${index}-again`, nodeEnv(index));
    replacement.catch(() => {});
    try {
      const [atKill] = await direct<{ status: string; done: number; total: number }>('select status, done, total from scan_jobs where id = $1', [id]);
      // The kill came in the middle of the job.
      expect(atKill).toMatchObject({ status: 'running', total: SKILLS });
      expect(atKill!.done).toBeLessThan(SKILLS);

      const survivors = nodes.filter((node) => node !== runner);
      const finished = await waitFor(async () => {
        const job = await survivors[0]!.call('GET', `/api/skills/scan-jobs/${id}`);
        return ['succeeded', 'failed', 'cancelled'].includes(job.body.status) ? job.body : undefined;
      }, 120_000);
      expect(finished).toMatchObject({ status: 'succeeded', error: null });
      expect(finished.progress).toEqual({ done: SKILLS, total: SKILLS });
      // Resumed at least once; more when a survivor's heartbeat looked stale to another under load.
      expect(finished.attempts).toBeGreaterThanOrEqual(2);
      // The node started in the killed one's place may be the one that resumed it: another node too.
      const resumedBy = await Promise.all([...survivors, await replacement].map(jobScans));
      expect(resumedBy.some((n) => n > 0)).toBe(true);
      // Every skill the job covers has a result recorded by the job.
      const [{ n }] = (await direct<{ n: string }>('select count(distinct skill_id) as n from scan_results where job_id = $1', [id])) as [{ n: string }];
      expect(Number(n)).toBe(SKILLS);
    } finally {
      nodes[index] = await replacement;
    }
  });

  it('keeps every acknowledged write while PostgreSQL goes away under the nodes and comes back, and catches up', async () => {
    const acknowledged: string[] = [];
    const refused: Array<{ status: number; code?: string }> = [];
    let stop = false;
    const writer = async (lane: number) => {
      for (let i = 0; !stop; i++) {
        const name = `outage-${lane}-${i}`;
        const res = await nodes[(lane + i) % nodes.length]!.call('POST', '/api/skills/configs', { skill_content: skillMd(name, `Written during the outage test, ${name}`), visibility: 'global' }).catch(() => ({ status: 0, body: {} }));
        if (res.status === 201) acknowledged.push(name);
        else refused.push({ status: res.status, code: res.body?.code });
        if (!proxies.every((p) => p.up)) await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const lanes = [0, 1, 2].map(writer);
    await waitFor(async () => acknowledged.length >= 6, 30_000);

    // PostgreSQL goes away: every connection drops and new ones are refused.
    await Promise.all(proxies.map((proxy) => proxy.cut()));
    const cutAt = acknowledged.length;
    await waitFor(async () => (await Promise.all(nodes.map(ready))).every((r) => !r), 15_000);
    expect(await (await fetch(`${nodes[0]!.url}/readyz`)).json()).toMatchObject({ status: 'database_unavailable' });
    // Reads are answered from memory; writes are refused with 503.
    for (const node of nodes) expect(await seen(node, 'skill-0007')).toBe('Skill number 7');
    const during = await nodes[1]!.call('POST', '/api/skills/configs', { skill_content: skillMd('never-stored', 'No database'), visibility: 'global' });
    expect(during).toMatchObject({ status: 503, body: { code: 'database_unavailable' } });
    await waitFor(async () => refused.length >= 3, 15_000);

    await Promise.all(proxies.map((proxy) => proxy.restore()));
    await waitFor(async () => (await Promise.all(nodes.map(ready))).every(Boolean), 30_000);
    await waitFor(async () => acknowledged.length >= cutAt + 6, 30_000);
    stop = true;
    await Promise.all(lanes);

    expect(refused.filter((r) => r.status !== 503 || r.code !== 'database_unavailable')).toEqual([]);
    const stored = new Set((await direct<{ name: string }>("select name from skill_configs where name like 'outage-%'")).map((r) => r.name));
    expect(acknowledged.filter((name) => !stored.has(name))).toEqual([]);
    expect(stored.has('never-stored')).toBe(false);
    // Every node's catalog holds every stored skill: the listeners reconnected and reloaded.
    await waitFor(async () => {
      for (const node of nodes) for (const name of stored) if ((await seen(node, name)) === null) return false;
      return true;
    }, 15_000);
  });

  it('brings a node that lost the database up to date with what other nodes changed meanwhile', async () => {
    const [a, , c] = nodes as [NodeProcess, NodeProcess, NodeProcess];
    const edited = await a.call('POST', '/api/skills/configs', { skill_content: skillMd('to-edit', 'Before the break'), visibility: 'global' });
    const removed = await a.call('POST', '/api/skills/configs', { skill_content: skillMd('to-remove', 'Removed during the break'), visibility: 'global' });
    await a.call('POST', '/api/users', { id: 'rita', name: 'Rita', role: 'member' });
    const key = await a.call('POST', '/api/keys', { name: 'rita', user_id: 'rita' });
    await waitFor(async () => (await seen(c, 'to-remove')) !== null && (await seen(c, 'to-edit')) !== null, 15_000);
    // Node C knows (and caches) the key.
    expect((await c.call('GET', '/api/v1/skills', undefined, key.body.key)).status).toBe(200);

    await proxies[2]!.cut();
    await waitFor(async () => !(await ready(c)), 15_000);
    expect((await a.call('PUT', `/api/skills/configs?id=${edited.body.id}`, { description: 'Changed during the break' })).status).toBe(200);
    expect((await a.call('DELETE', `/api/skills/configs?id=${removed.body.id}`)).status).toBeLessThan(300);
    expect((await a.call('POST', '/api/skills/configs', { skill_content: skillMd('made-during-break', 'Made while C was away'), visibility: 'global' })).status).toBe(201);
    expect((await a.call('DELETE', `/api/keys/${key.body.api_key.id}`)).status).toBeLessThan(300);

    await proxies[2]!.restore();
    await waitFor(async () => ready(c), 30_000);
    await waitFor(async () => (await seen(c, 'to-edit')) === 'Changed during the break' && (await seen(c, 'to-remove')) === null && (await seen(c, 'made-during-break')) !== null, 20_000);
    await waitFor(async () => (await c.call('GET', '/api/v1/skills', undefined, key.body.key)).status === 401, 15_000);
  });
});
