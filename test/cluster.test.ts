import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from './helpers/databases.js';
import { OWNER_KEY, REPO_ROOT, startServer, waitFor, type TestServer } from './helpers/server.js';

// Three nodes on one PostgreSQL database, as behind a load balancer.
let database: TestDatabase;
let nodes: TestServer[];
let receiver: { server: Server; url: string; bodies: Array<Record<string, unknown>> };

const skillMd = (name: string, description = `A skill called ${name}`) => `---\nname: ${name}\ndescription: ${description}\n---\n\n# Steps\n\n1. Do it.\n`;

async function json(node: TestServer, method: string, path: string, body?: unknown, key = OWNER_KEY) {
  const res = await node.call(method, path, body, { 'x-api-key': key });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, any> };
}

/** What a node's catalog says about one skill: its description, or null when it is not there. */
async function seen(node: TestServer, name: string): Promise<string | null> {
  const res = await node.get(`/api/v1/skills/${name}`);
  if (res.status === 404) return null;
  return ((await res.json()) as { skill: { description: string } }).skill.description;
}

/** Waits until every node answers `expected`, and says how long that took. */
async function everywhere(name: string, expected: string | null): Promise<number> {
  const started = Date.now();
  await waitFor(async () => (await Promise.all(nodes.map((node) => seen(node, name)))).every((value) => value === expected), 1000);
  return Date.now() - started;
}

beforeAll(async () => {
  database = await freshDatabase('postgres');
  // The first node migrates; the others start together on the migrated database.
  nodes = [await startServer({ databaseUrl: database.databaseUrl })];
  nodes.push(...(await Promise.all([1, 2].map(() => startServer({ databaseUrl: database.databaseUrl })))));
  const bodies: Array<Record<string, unknown>> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies };
}, 90_000);

afterAll(async () => {
  await Promise.all((nodes ?? []).map((node) => node.close()));
  await new Promise((resolve) => receiver?.server.close(resolve));
  await database?.drop();
});

describe('several nodes on one database', () => {
  it('shows a skill saved, edited and deleted through one node on the others within a second', async () => {
    const created = await json(nodes[0]!, 'POST', '/api/skills/configs', { skill_content: skillMd('shared-skill'), visibility: 'global' });
    expect(created.status).toBe(201);
    expect(await everywhere('shared-skill', 'A skill called shared-skill')).toBeLessThan(1000);

    const edited = await json(nodes[1]!, 'PUT', `/api/skills/configs?id=${created.body.id}`, { description: 'Edited on another node' });
    expect(edited.status).toBe(200);
    await everywhere('shared-skill', 'Edited on another node');
    // The listing agrees too, and carries the scan result made on the writing node.
    const listed = await json(nodes[2]!, 'GET', '/api/skills?q=shared-skill');
    expect(JSON.stringify(listed.body)).toContain('Edited on another node');

    expect((await json(nodes[2]!, 'DELETE', `/api/skills/configs?id=${created.body.id}`)).status).toBeLessThan(300);
    await everywhere('shared-skill', null);
  });

  it('refuses a key revoked on one node on the others within a second', async () => {
    await json(nodes[0]!, 'POST', '/api/users', { id: 'rita', name: 'Rita', role: 'member' });
    const made = await json(nodes[0]!, 'POST', '/api/keys', { name: 'rita', user_id: 'rita' });
    const key = made.body.key as string;
    // Every node resolves (and caches) the key first.
    for (const node of nodes) expect((await node.get('/api/v1/skills', { 'x-api-key': key })).status).toBe(200);
    expect((await json(nodes[1]!, 'DELETE', `/api/keys/${made.body.api_key.id}`)).status).toBeLessThan(300);
    const started = Date.now();
    await waitFor(async () => (await Promise.all(nodes.map((node) => node.get('/api/v1/skills', { 'x-api-key': key })))).every((res) => res.status === 401), 1000);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses a share link revoked on one node on the others within a second', async () => {
    expect((await json(nodes[0]!, 'POST', '/api/skills/configs', { skill_content: skillMd('shared-by-link'), visibility: 'global' })).status).toBe(201);
    await everywhere('shared-by-link', 'A skill called shared-by-link');
    const created = await json(nodes[0]!, 'POST', '/api/shares', { skills: ['shared-by-link'] });
    expect(created.status).toBe(201);
    const index = (node: TestServer) => node.get(`/s/${created.body.token}/.well-known/agent-skills/index.json`, {});
    // Every node resolves (and caches) the share first.
    for (const node of nodes) expect((await index(node)).status).toBe(200);
    expect((await json(nodes[2]!, 'DELETE', `/api/shares/${created.body.share.id}`)).status).toBe(200);
    const started = Date.now();
    await waitFor(async () => (await Promise.all(nodes.map(index))).every((res) => res.status === 401), 1000);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('applies a quarantine policy changed on one node everywhere', async () => {
    const put = await json(nodes[0]!, 'PUT', '/api/skills/quarantine-policy', { mode: 'warn', block_at: 'HIGH' });
    expect(put.status).toBe(200);
    await waitFor(async () => (await Promise.all(nodes.map((node) => json(node, 'GET', '/api/skills/quarantine-policy')))).every((res) => res.body.mode === 'warn' && res.body.block_at === 'HIGH'), 1000);
    expect((await json(nodes[1]!, 'PUT', '/api/skills/quarantine-policy', { mode: 'block', block_at: 'CRITICAL' })).status).toBe(200);
    await waitFor(async () => (await Promise.all(nodes.map((node) => json(node, 'GET', '/api/skills/quarantine-policy')))).every((res) => res.body.mode === 'block'), 1000);
  });

  it('delivers a webhook once for one change, whichever node made it', async () => {
    const hook = await json(nodes[2]!, 'POST', '/api/webhooks', { url: receiver.url, events: ['skill.created'] });
    expect(hook.status).toBe(201);
    const created = await json(nodes[1]!, 'POST', '/api/skills/configs', { skill_content: skillMd('hooked-skill'), visibility: 'global' });
    expect(created.status).toBe(201);
    await everywhere('hooked-skill', 'A skill called hooked-skill');
    await waitFor(async () => receiver.bodies.some((body) => body.name === 'hooked-skill'), 2000);
    // Every node has the change; give any duplicate the time a first delivery took.
    const deliveries = async () => (await json(nodes[0]!, 'GET', `/api/webhooks/${hook.body.webhook.id}/deliveries`)).body.deliveries as unknown[];
    await waitFor(async () => (await deliveries()).length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.bodies.filter((body) => body.name === 'hooked-skill')).toHaveLength(1);
    expect(await deliveries()).toHaveLength(1);
  });

  it('catches up after its listening connection was cut, and loses no acknowledged write', async () => {
    const acknowledged: string[] = [];
    const failed: number[] = [];
    const writes = (async () => {
      for (let i = 0; i < 30; i++) {
        const res = await json(nodes[i % 3]!, 'POST', '/api/skills/configs', { skill_content: skillMd(`burst-${i}`), visibility: 'global' }).catch(() => ({ status: 0, body: {} }));
        if (res.status === 201) acknowledged.push(`burst-${i}`);
        else failed.push(res.status);
      }
    })();
    // Cut every connection the nodes hold, twice, while they write.
    for (let round = 0; round < 2; round++) {
      await new Promise((resolve) => setTimeout(resolve, 30));
      await terminateConnections(database.databaseUrl!);
    }
    await writes;
    // A write the database never committed was refused with 503, never acknowledged.
    expect(failed.every((status) => status === 503)).toBe(true);
    expect(acknowledged.length).toBeGreaterThan(0);
    const client = new pg.Client({ connectionString: database.databaseUrl });
    await client.connect();
    const stored = (await client.query<{ name: string }>('select name from skill_configs')).rows.map((row) => row.name);
    await client.end();
    for (const name of acknowledged) expect(stored).toContain(name);
    // Every node's catalog holds every stored skill once its listener is back.
    for (const name of stored.filter((n) => n.startsWith('burst-'))) {
      await waitFor(async () => (await Promise.all(nodes.map((node) => seen(node, name)))).every((value) => value !== null), 8000);
    }
    // And changes propagate again.
    await json(nodes[0]!, 'POST', '/api/skills/configs', { skill_content: skillMd('after-the-cut'), visibility: 'global' });
    await everywhere('after-the-cut', 'A skill called after-the-cut');
  });
});

async function terminateConnections(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
  await client.end();
}

describe('metrics', () => {
  it('reports requests, catalog, propagation and database figures in the Prometheus format to admins', async () => {
    const res = await nodes[1]!.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    for (const name of ['skillport_http_requests_total', 'skillport_http_request_duration_seconds_bucket', 'skillport_catalog_skills', 'skillport_catalog_generation', 'skillport_change_propagation_seconds_bucket', 'skillport_scan_jobs', 'skillport_webhook_deliveries', 'skillport_db_pool_connections', 'skillport_process_nodejs_eventloop_lag_seconds']) {
      expect(text).toContain(name);
    }
    expect(text).toMatch(/skillport_http_requests_total\{route="\/api\/v1\/skills\/:ref",method="GET",status="200"\} \d+/);
    expect((await nodes[1]!.get('/metrics', {})).status).toBe(401);
    // Every metric the server reports is in the operators' table.
    const documented = await readFile(path.join(REPO_ROOT, 'docs/operations.md'), 'utf8');
    const families = new Set([...text.matchAll(/^# TYPE (skillport_\w+)/gm)].map((m) => m[1]!).filter((name) => !name.startsWith('skillport_process_')));
    expect([...families].filter((name) => !documented.includes(`\`${name}\``))).toEqual([]);
  });
});
