import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freshDatabase, type TestDatabase } from './helpers/databases.js';
import { startGitServer, type GitServer } from './helpers/git-server.js';
import { startNodeProcess, type NodeProcess } from './helpers/node-process.js';
import { OWNER_KEY, startServer, waitFor, type TestServer } from './helpers/server.js';

// Nodes on one PostgreSQL database syncing the same hubs from a real git server on loopback:
// first two in this process, then two as separate processes, so one can be killed with SIGKILL.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

// Long enough that a busy machine does not delay a live node's renewal past it.
const CLAIM_MS = 5000;
const skill = (name: string, description: string) => `---\nname: ${name}\ndescription: ${description}\n---\n\n# ${name}\n\nFollow the steps.\n`;

let gitServer: GitServer;

beforeAll(async () => {
  gitServer = await startGitServer();
});
afterAll(async () => {
  await gitServer?.close();
});

async function direct<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}
const fetchesOf = (repo: string) => gitServer.fetches.filter((name) => name === repo).length;

describe('two nodes in one process syncing one hub', () => {
  let database: TestDatabase;
  let nodes: TestServer[];

  async function call(node: TestServer, method: string, pathname: string, body?: unknown) {
    const res = await node.call(method, pathname, body);
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, any> };
  }
  /** The description each node serves for a skill (null where it has none). */
  const servedBy = (name: string) =>
    Promise.all(nodes.map(async (node) => {
      const res = await call(node, 'GET', `/api/v1/skills/${name}`);
      return res.status === 200 ? (res.body.skill.description as string) : null;
    }));

  beforeAll(async () => {
    database = await freshDatabase('postgres');
    const env = { SKILLPORT_OUTBOUND_ALLOW_PRIVATE: 'true', SKILLPORT_HUB_CHECK_MS: '500', SKILLPORT_HUB_CLAIM_MS: String(CLAIM_MS), SKILLPORT_IMPORT_TIMEOUT_MS: '30000', SKILLPORT_SECRET_KEY: 'e'.repeat(64) };
    nodes = [await startServer({ databaseUrl: database.databaseUrl, env: { ...env, SKILLPORT_NODE_ID: 'node-a' } })];
    nodes.push(await startServer({ databaseUrl: database.databaseUrl, env: { ...env, SKILLPORT_NODE_ID: 'node-b' } }));
  });
  afterAll(async () => {
    await Promise.all((nodes ?? []).map((node) => node.close()));
    await database?.drop();
  });

  it('syncs once when both are asked at the same time, and both serve the result', async () => {
    const repo = await gitServer.createRepo('shared-hub');
    await repo.write({ 'shared/SKILL.md': skill('shared-hub-skill', 'Synced once') });
    const commit = await repo.commit('first');
    const created = await call(nodes[0]!, 'POST', '/api/skills/hubs', { name: 'shared', repository: repo.url, sync_interval_s: 0 });
    expect(created.status).toBe(201);

    const results = await Promise.all(nodes.map((node) => call(node, 'POST', '/api/skills/hubs/shared/sync')));
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(results.map((r) => r.body.result).sort()).toEqual(['other_node', 'synced']);
    for (const result of results) expect(result.body.hub.status).toMatchObject({ last_commit: commit, skills: 1, last_status: 'ok' });
    // One fetch, one stored result.
    expect(fetchesOf('shared-hub')).toBe(1);
    const [row] = await direct<{ result_version: number; claimed_by: string | null }>(database.databaseUrl!, "select result_version, claimed_by from skill_hubs where name = 'shared'");
    expect(row).toEqual({ result_version: 1, claimed_by: null });
    expect(await servedBy('shared-hub-skill')).toEqual(['Synced once', 'Synced once']);
  });

  it('keeps a long sync\'s claim alive, so the other node waits for it instead of syncing again', async () => {
    const repo = await gitServer.createRepo('slow-hub');
    await repo.write({ 'slow/SKILL.md': skill('slow-hub-skill', 'From a slow host') });
    const commit = await repo.commit('first');
    expect((await call(nodes[0]!, 'POST', '/api/skills/hubs', { name: 'slow', repository: repo.url, sync_interval_s: 0 })).status).toBe(201);
    // The fetch takes three times as long as a claim lasts unrenewed.
    gitServer.stallFetches(1, CLAIM_MS * 3);
    const first = call(nodes[0]!, 'POST', '/api/skills/hubs/slow/sync');
    await waitFor(async () => gitServer.held.size === 1, 30_000);
    const second = await call(nodes[1]!, 'POST', '/api/skills/hubs/slow/sync');
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ result: 'other_node', hub: { status: { last_commit: commit, skills: 1 } } });
    expect((await first).body.result).toBe('synced');
    expect(fetchesOf('slow-hub')).toBe(1);
    const [row] = await direct<{ result_version: number }>(database.databaseUrl!, "select result_version from skill_hubs where name = 'slow'");
    expect(row!.result_version).toBe(1);
    expect(await servedBy('slow-hub-skill')).toEqual(['From a slow host', 'From a slow host']);
  });

  it('syncs a due hub once, from the node holding the schedule\'s lease, and the other node serves what it stored', async () => {
    const repo = await gitServer.createRepo('timed-shared-hub');
    await repo.write({ 'timed/SKILL.md': skill('timed-shared-skill', 'Synced on its interval') });
    await repo.commit('first');
    // A new hub is due at once; whichever node holds the lease syncs it.
    expect((await call(nodes[1]!, 'POST', '/api/skills/hubs', { name: 'timed-shared', repository: repo.url, sync_interval_s: 600 })).status).toBe(201);
    await waitFor(async () => (await servedBy('timed-shared-skill')).every((d) => d === 'Synced on its interval'), 60_000);
    expect(fetchesOf('timed-shared-hub')).toBe(1);
    const syncedBy = nodes.filter((node) => node.logs.some((line) => line.msg === 'hub synced' && line.hub === 'timed-shared'));
    expect(syncedBy).toHaveLength(1);
    const [lease] = await direct<{ holder: string }>(database.databaseUrl!, "select holder from cluster_leases where name = 'hubs.sync'");
    expect(nodes.map((node) => node.app.instanceId)).toContain(lease!.holder);
  });
});

describe('nodes as separate processes', () => {
  let database: TestDatabase;
  let base: string;
  const nodes: NodeProcess[] = [];

  const nodeEnv = (i: number): Record<string, string> => ({
    SKILLPORT_DATABASE_URL: database.databaseUrl!,
    SKILLPORT_DATA_DIR: path.join(base, `node-${i}`),
    SKILLPORT_SKILLS_PATH: path.join(base, 'skills'),
    SKILLPORT_OUTBOUND_ALLOW_PRIVATE: 'true',
    SKILLPORT_HUB_CHECK_MS: '500',
    SKILLPORT_HUB_CLAIM_MS: String(CLAIM_MS),
    SKILLPORT_IMPORT_TIMEOUT_MS: '60000',
    SKILLPORT_SECRET_KEY: 'f'.repeat(64),
  });

  beforeAll(async () => {
    database = await freshDatabase('postgres');
    base = await mkdtemp(path.join(os.tmpdir(), 'skillport-hub-failover-'));
    await mkdir(path.join(base, 'skills'), { recursive: true });
    // The first node migrates; the second starts on the migrated database.
    nodes.push(await startNodeProcess('hub-node-0', nodeEnv(0)));
    nodes.push(await startNodeProcess('hub-node-1', nodeEnv(1)));
  });
  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.kill('SIGKILL')));
    await database?.drop();
    if (base) await rm(base, { recursive: true, force: true });
  });

  it('finishes a hub sync on another node when the node running it is killed with SIGKILL', async () => {
    const repo = await gitServer.createRepo('failover-hub');
    await repo.write({ 'failover/SKILL.md': skill('failover-skill', 'Synced by the survivor') });
    const commit = await repo.commit('first');
    // The first fetch hangs until its client goes away.
    gitServer.stallFetches(1, Infinity);
    const created = await nodes[0]!.call('POST', '/api/skills/hubs', { name: 'failover', repository: repo.url, sync_interval_s: 600 }, OWNER_KEY);
    expect(created.status).toBe(201);
    await waitFor(async () => gitServer.held.size === 1, 30_000);

    const [claim] = await direct<{ claimed_by: string }>(database.databaseUrl!, "select claimed_by from skill_hubs where name = 'failover'");
    const runner = nodes.find((node) => claim!.claimed_by.startsWith(`skillport/${node.name}/`));
    expect(runner, claim!.claimed_by).toBeDefined();
    runner!.child.kill('SIGKILL');
    await runner!.exited;
    const survivor = nodes.find((node) => node !== runner)!;

    // The dead node's claim lapses; the survivor takes the schedule and the hub over and finishes the sync.
    const hub = await waitFor(async () => {
      const res = await survivor.call('GET', '/api/skills/hubs?id=failover');
      // Stored first, then the claim released.
      return res.body.status?.last_commit === commit && !res.body.status.syncing ? res.body : undefined;
    }, 90_000).catch((err) => {
      throw new Error(`${(err as Error).message}\n${survivor.tail()}`);
    });
    expect(hub.status).toMatchObject({ last_status: 'ok', skills: 1, errors: [], syncing: false });
    expect(fetchesOf('failover-hub')).toBe(2);
    const served = await survivor.call('GET', '/api/v1/skills/failover-skill');
    expect(served).toMatchObject({ status: 200, body: { skill: { description: 'Synced by the survivor' }, metadata: { source: 'hub' } } });
    const [row] = await direct<{ result_version: number; claimed_by: string | null }>(database.databaseUrl!, "select result_version, claimed_by from skill_hubs where name = 'failover'");
    expect(row).toEqual({ result_version: 1, claimed_by: null });
  });
});
