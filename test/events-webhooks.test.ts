import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SkillEntry } from '../src/catalog/types.js';
import { verifySignature } from '../src/webhooks/dispatcher.js';
import { OWNER_KEY, startServer, waitFor, type TestServer } from './helpers/server.js';

// Short retries and heartbeats keep this suite fast.
const FAST = { SKILLPORT_WEBHOOK_RETRY_BASE_MS: '40', SKILLPORT_SSE_HEARTBEAT_MS: '150' };

// ---- an SSE client over fetch ----------------------------------------------------------------

interface SseMessage {
  id?: string;
  event?: string;
  data?: string;
}

class SseClient {
  readonly messages: SseMessage[] = [];
  readonly comments: string[] = [];
  ended = false;
  private buffer = '';

  private constructor(
    readonly response: Response,
    private readonly controller: AbortController,
  ) {}

  static async open(url: string, headers: Record<string, string> = { 'x-api-key': OWNER_KEY }): Promise<SseClient> {
    const controller = new AbortController();
    const response = await fetch(url, { headers, signal: controller.signal });
    const client = new SseClient(response, controller);
    if (response.ok && response.body) void client.pump(response.body);
    return client;
  }

  /** Events with data (what an EventSource would dispatch). */
  get events(): Array<{ id: string | undefined; type: string; data: Record<string, unknown> }> {
    return this.messages
      .filter((m) => m.data !== undefined)
      .map((m) => ({ id: m.id, type: m.event ?? 'message', data: JSON.parse(m.data!) as Record<string, unknown> }));
  }

  async waitForEvent(predicate: (event: SseClient['events'][number]) => boolean, timeoutMs = 3000) {
    return waitFor(async () => this.events.find(predicate), timeoutMs);
  }

  close(): void {
    this.controller.abort();
  }

  private async pump(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        this.buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = this.buffer.indexOf('\n\n')) >= 0) {
          const block = this.buffer.slice(0, end);
          this.buffer = this.buffer.slice(end + 2);
          const message: SseMessage = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
            else {
              const colon = line.indexOf(':');
              const field = line.slice(0, colon);
              const value = line.slice(colon + 1).replace(/^ /, '');
              if (field === 'id' || field === 'event' || field === 'data') message[field] = value;
            }
          }
          if (Object.keys(message).length > 0) this.messages.push(message);
        }
      }
    } catch {
      // aborted
    }
    this.ended = true;
  }
}

// ---- a webhook receiver ------------------------------------------------------------------------

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

class Receiver {
  readonly received: Received[] = [];
  /** Status codes to answer with, in turn; then `fallback`. */
  script: number[] = [];
  fallback = 200;
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(pathname = '/hooks/skillport'): Promise<Receiver> {
    let receiver!: Receiver;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        receiver.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.statusCode = receiver.script.shift() ?? receiver.fallback;
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    receiver = new Receiver(server, `http://127.0.0.1:${port}${pathname}`);
    return receiver;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

// ---- fixtures ------------------------------------------------------------------------------------

const skill = (name: string, description: string) => `---\nname: ${name}\ndescription: ${description}\n---\n# ${name}\n\n${description}.\n`;

let server: TestServer;
let memberKey: string;
let viewerKey: string;
let narrowKey: string;
const receivers: Receiver[] = [];

async function json(method: string, pathname: string, body?: unknown, headers?: Record<string, string>) {
  const res = await server.call(method, pathname, body, headers);
  const text = await res.text();
  return { status: res.status, text, body: (text ? JSON.parse(text) : {}) as Record<string, any> };
}

async function receiver(): Promise<Receiver> {
  const r = await Receiver.start();
  receivers.push(r);
  return r;
}

async function createWebhook(body: Record<string, unknown>): Promise<{ id: string; secret: string }> {
  const res = await json('POST', '/api/webhooks', body);
  expect(res.status, res.text).toBe(201);
  return { id: res.body.webhook.id, secret: res.body.secret };
}

async function deliveries(id: string): Promise<Array<Record<string, any>>> {
  return (await json('GET', `/api/webhooks/${id}/deliveries`)).body.deliveries;
}

beforeAll(async () => {
  server = await startServer({ logLevel: 'trace', env: FAST });
  const key = async (id: string, role: string, scopes?: string[]) => {
    if (!(await json('GET', `/api/users/${id}`)).body.id) expect((await json('POST', '/api/users', { id, name: id, role })).status).toBe(201);
    return (await json('POST', '/api/keys', { name: `${id}-key`, user_id: id, ...(scopes ? { scopes } : {}) })).body.key as string;
  };
  memberKey = await key('u-member', 'member');
  viewerKey = await key('u-viewer', 'viewer');
  narrowKey = await key('u-member', 'member', ['keys:manage']);
});

afterAll(async () => {
  await server.close();
  await Promise.all(receivers.map((r) => r.close()));
});

// ---- server-sent events --------------------------------------------------------------------------

describe('GET /api/skills/events', () => {
  it('streams skill.created, skill.updated and skill.deleted as skill files change', async () => {
    const stream = await SseClient.open(`${server.url}/api/skills/events`, { 'x-api-key': OWNER_KEY, 'accept-encoding': 'gzip, br' });
    try {
      expect(stream.response.status).toBe(200);
      expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(stream.response.headers.get('cache-control')).toBe('no-cache');
      expect(stream.response.headers.get('x-accel-buffering')).toBe('no');
      expect(stream.response.headers.get('content-encoding')).toBeNull();

      const dir = path.join(server.skillsDir, 'alpha');
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, 'SKILL.md'), skill('alpha', 'First alpha'));
      const created = await stream.waitForEvent((e) => e.type === 'skill.created' && e.data.name === 'alpha');
      expect(Object.keys(created.data)).toEqual(['type', 'name', 'version', 'source', 'generation', 'at']);
      expect(created.data).toMatchObject({ type: 'skill.created', name: 'alpha', version: '1.0.0', source: 'filesystem' });
      expect(created.id).toMatch(/^\d+$/);

      await writeFile(path.join(dir, 'SKILL.md'), skill('alpha', 'Edited alpha'));
      const updated = await stream.waitForEvent((e) => e.type === 'skill.updated' && e.data.name === 'alpha');

      await rm(dir, { recursive: true });
      const deleted = await stream.waitForEvent((e) => e.type === 'skill.deleted' && e.data.name === 'alpha');

      expect(Number(updated.id)).toBeGreaterThan(Number(created.id));
      expect(Number(deleted.id)).toBeGreaterThan(Number(updated.id));
      expect(deleted.data.generation as number).toBeGreaterThan(created.data.generation as number);
    } finally {
      stream.close();
    }
  });

  it('replays exactly the missed events to a client that resumes with Last-Event-ID', async () => {
    const first = await SseClient.open(`${server.url}/api/skills/events`);
    await writeFile(path.join(server.skillsDir, 'resume-a.md'), skill('resume-a', 'A'));
    const seen = await first.waitForEvent((e) => e.data.name === 'resume-a');
    first.close();

    // Missed while disconnected.
    await writeFile(path.join(server.skillsDir, 'resume-b.md'), skill('resume-b', 'B'));
    await writeFile(path.join(server.skillsDir, 'resume-c.md'), skill('resume-c', 'C'));
    await waitFor(async () => [...server.app.catalog.snapshot().allVersions()].filter((e) => e.name === 'resume-b' || e.name === 'resume-c').length === 2);
    const missed = server.app.catalog.log.since(Number(seen.id))!;
    expect(missed.map((e) => e.name).sort()).toEqual(['resume-b', 'resume-c']);

    const resumed = await SseClient.open(`${server.url}/api/skills/events`, { 'x-api-key': OWNER_KEY, 'last-event-id': seen.id! });
    try {
      await waitFor(async () => resumed.events.length >= 2);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(resumed.events.map((e) => [e.id, e.type, e.data.name])).toEqual(missed.map((e) => [String(e.id), 'skill.created', e.name]));
      // Live events follow the replay on the same connection.
      await writeFile(path.join(server.skillsDir, 'resume-d.md'), skill('resume-d', 'D'));
      await resumed.waitForEvent((e) => e.data.name === 'resume-d');
      expect(resumed.events.filter((e) => e.data.name === 'resume-b')).toHaveLength(1);
    } finally {
      resumed.close();
    }

    // replay_only sends the same replay and ends the response; the query parameter works too.
    const once = await server.get(`/api/skills/events?last_event_id=${seen.id}&replay_only=true`);
    expect(once.status).toBe(200);
    const text = await once.text();
    const ids = [...text.matchAll(/^id: (\d+)\nevent: skill\.created\n/gm)].map((m) => Number(m[1]));
    expect(ids.slice(0, 2)).toEqual(missed.map((e) => e.id));
  });

  it('asks the client to resync when the events it missed are not held', async () => {
    const stale = await server.get('/api/skills/events?replay_only=true', { 'x-api-key': OWNER_KEY, 'last-event-id': '987654321' });
    const text = await stale.text();
    expect(text).toMatch(/^id: \d+\nevent: resync\ndata: \{"reason":"[^"]+"\}\n\n$/);
  });

  it('sends heartbeats and cleans up when the client goes away', async () => {
    const stream = await SseClient.open(`${server.url}/api/skills/events`);
    await waitFor(async () => stream.comments.includes('ping'), 2000);
    stream.close();
    await waitFor(async () => server.logs.some((line) => line.msg === 'event stream closed' && line.reason === 'client disconnected'));
  });

  it('refuses callers that may not read skills, and filters events by visibility', async () => {
    expect((await server.get('/api/skills/events', {})).status).toBe(401);
    const narrow = await server.get('/api/skills/events', { 'x-api-key': narrowKey });
    expect(narrow.status).toBe(403);
    expect(((await narrow.json()) as { error: string }).error).toMatch(/requires the skills:read/);

    const viewer = await SseClient.open(`${server.url}/api/skills/events`, { 'x-api-key': viewerKey });
    const owner = await SseClient.open(`${server.url}/api/skills/events`);
    try {
      await writeFile(path.join(server.skillsDir, 'visible.md'), skill('visible', 'Public'));
      await viewer.waitForEvent((e) => e.data.name === 'visible');
      // A private skill of someone else's: the admin sees it, the viewer does not.
      const template = [...server.app.catalog.snapshot().allVersions()].find((e) => e.name === 'visible')!;
      const hidden: SkillEntry = { ...template, name: 'hidden', sourceId: 'test:hidden', access: { visibility: 'private', owner_id: 'someone-else', shared_with_teams: [] } };
      server.app.catalog.update('test-private', { entries: [hidden], errors: [] });
      await writeFile(path.join(server.skillsDir, 'after.md'), skill('after', 'After'));
      await owner.waitForEvent((e) => e.data.name === 'hidden');
      await viewer.waitForEvent((e) => e.data.name === 'after');
      expect(viewer.events.some((e) => e.data.name === 'hidden')).toBe(false);
      server.app.catalog.update('test-private', { entries: [], errors: [] });
    } finally {
      viewer.close();
      owner.close();
    }
  });

  it('cuts off a client that does not read instead of buffering for it', async () => {
    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(`GET /api/skills/events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: ${OWNER_KEY}\r\n\r\n`);
    socket.pause(); // never reads: the kernel buffers fill, then the server's
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const template = [...server.app.catalog.snapshot().allVersions()][0]!;
    try {
      // About 150 bytes an event: some tens of megabytes in all, far past any socket buffer.
      for (let batch = 0; batch < 40 && !server.logs.some((line) => line.reason === 'client too slow: write buffer over limit'); batch++) {
        const entries = Array.from({ length: 5000 }, (_, i): SkillEntry => ({ ...template, name: `flood-${batch}-${i}`, sourceId: `flood:${batch}:${i}` }));
        server.app.catalog.update('test-flood', { entries, errors: [] });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await waitFor(async () => server.logs.some((line) => line.reason === 'client too slow: write buffer over limit'), 5000);
      socket.resume();
      await closed;
    } finally {
      socket.destroy();
      server.app.catalog.update('test-flood', { entries: [], errors: [] });
    }
  });

  it('ends the stream of a key that is revoked', async () => {
    const created = (await json('POST', '/api/keys', { name: 'short', user_id: 'u-viewer' })).body;
    const stream = await SseClient.open(`${server.url}/api/skills/events`, { 'x-api-key': created.key });
    expect(stream.response.status).toBe(200);
    await json('DELETE', `/api/keys/${created.api_key.id}`);
    await waitFor(async () => stream.ended);
  });
});

// ---- webhooks --------------------------------------------------------------------------------------

describe('webhooks', () => {
  it('sends signed deliveries that verify with the secret shown at creation', async () => {
    const r = await receiver();
    const { id, secret } = await createWebhook({ url: r.url });
    expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    const filtered = await receiver();
    const deletesOnly = await createWebhook({ url: filtered.url, events: ['skill.deleted'] });

    await writeFile(path.join(server.skillsDir, 'hooked.md'), skill('hooked', 'Hooked'));
    const got = await waitFor(async () => r.received.find((x) => JSON.parse(x.body).name === 'hooked'));

    const body = JSON.parse(got.body) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['id', 'type', 'name', 'version', 'source', 'generation', 'at']);
    expect(body).toMatchObject({ type: 'skill.created', name: 'hooked', version: '1.0.0', source: 'filesystem' });
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['x-skillport-event']).toBe('skill.created');
    expect(got.headers['x-skillport-delivery']).toMatch(/^whd_[0-9a-f]{16}$/);
    const timestamp = got.headers['x-skillport-timestamp'] as string;
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(30);
    const signature = got.headers['x-skillport-signature'] as string;
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);

    expect(verifySignature(secret, timestamp, got.body, signature)).toBe(true);
    expect(verifySignature(deletesOnly.secret, timestamp, got.body, signature)).toBe(false);
    expect(verifySignature(`whsec_${'0'.repeat(64)}`, timestamp, got.body, signature)).toBe(false);
    expect(verifySignature(secret, timestamp, got.body.replace('hooked', 'hacked'), signature)).toBe(false);
    expect(verifySignature(secret, String(Number(timestamp) + 1), got.body, signature)).toBe(false);
    expect(verifySignature(secret, timestamp, got.body, signature, { now: Number(timestamp) + 3600 })).toBe(false);

    const [delivery] = await waitFor(async () => {
      const list = await deliveries(id);
      return list[0]?.status === 'succeeded' ? list : undefined;
    });
    expect(delivery).toMatchObject({ id: got.headers['x-skillport-delivery'], event_type: 'skill.created', status: 'succeeded', attempts: 1, last_status_code: 200, payload: body });

    // The filtered webhook gets the deletion only.
    await rm(path.join(server.skillsDir, 'hooked.md'));
    const gone = await waitFor(async () => filtered.received.find((x) => JSON.parse(x.body).name === 'hooked'));
    expect(JSON.parse(gone.body).type).toBe('skill.deleted');
    expect(filtered.received.every((x) => JSON.parse(x.body).type === 'skill.deleted')).toBe(true);

    await json('DELETE', `/api/webhooks/${id}`);
    await json('DELETE', `/api/webhooks/${deletesOnly.id}`);
  });

  it('retries 5xx with backoff until the receiver accepts, updating the delivery on each attempt', async () => {
    const r = await receiver();
    r.script = [500, 500];
    const { id, secret } = await createWebhook({ url: r.url, active: false });
    const first = await json('POST', `/api/webhooks/${id}/test`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ event_type: 'ping', status: 'pending', attempts: 1, last_status_code: 500 });
    expect(first.body.last_error).toMatch(/500/);
    expect(first.body.next_attempt_at).not.toBeNull();

    const done = await waitFor(async () => (await deliveries(id)).find((d) => d.status !== 'pending'));
    expect(done).toMatchObject({ id: first.body.id, status: 'succeeded', attempts: 3, last_status_code: 200, last_error: null, next_attempt_at: null });
    expect(r.received).toHaveLength(3);
    expect(new Set(r.received.map((x) => x.headers['x-skillport-delivery']))).toEqual(new Set([first.body.id]));
    for (const x of r.received) expect(verifySignature(secret, x.headers['x-skillport-timestamp'] as string, x.body, x.headers['x-skillport-signature'] as string)).toBe(true);
    expect(JSON.parse(r.received[0]!.body)).toMatchObject({ id: 0, type: 'ping' });
  });

  it('does not retry a 4xx answer', async () => {
    const r = await receiver();
    r.fallback = 400;
    const { id } = await createWebhook({ url: r.url, active: false });
    const res = await json('POST', `/api/webhooks/${id}/test`);
    expect(res.body).toMatchObject({ status: 'failed', attempts: 1, last_status_code: 400, next_attempt_at: null });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(r.received).toHaveLength(1);
    expect((await deliveries(id))[0]).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('gives up after six attempts when the receiver cannot be reached', async () => {
    const r = await receiver();
    const url = r.url;
    await r.close();
    const { id } = await createWebhook({ url, active: false });
    const first = await json('POST', `/api/webhooks/${id}/test`);
    expect(first.body).toMatchObject({ status: 'pending', attempts: 1, last_status_code: null });
    expect(first.body.last_error).toMatch(/ECONNREFUSED/);
    expect(first.body.last_error).not.toContain('/hooks/skillport');
    const done = await waitFor(async () => (await deliveries(id)).find((d) => d.status !== 'pending'), 8000);
    expect(done).toMatchObject({ status: 'failed', attempts: 6 });
  });

  it('never shows the secret again, nor writes it to the logs or the audit trail', async () => {
    const r = await receiver();
    const { id, secret } = await createWebhook({ url: r.url, events: ['skill.created'] });
    await json('PATCH', `/api/webhooks/${id}`, { active: false });
    await json('POST', `/api/webhooks/${id}/test`);
    const list = await json('GET', '/api/webhooks');
    expect(list.body.webhooks.some((w: { id: string }) => w.id === id)).toBe(true);
    expect(list.body.webhooks[0]).not.toHaveProperty('secret');
    const one = await json('GET', `/api/webhooks/${id}`);
    expect(one.body).toMatchObject({ id, url: r.url, events: ['skill.created'], active: false, created_by: 'owner' });
    const texts = [list.text, one.text, (await json('GET', `/api/webhooks/${id}/deliveries`)).text, (await json('GET', '/api/audit?resource_type=webhook&limit=500')).text, server.rawLogs.join('')];
    for (const text of texts) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.slice(6));
    }
    expect(server.rawLogs.join('')).toContain('webhook');
    await json('DELETE', `/api/webhooks/${id}`);
  });

  it('manages webhooks: get, change, delete, 404 for unknown ids', async () => {
    const { id } = await createWebhook({ url: 'https://example.com/hook', active: false });
    const patched = await json('PATCH', `/api/webhooks/${id}`, { url: 'https://example.org/other', events: ['skill.updated', 'skill.updated'] });
    expect(patched.body).toMatchObject({ url: 'https://example.org/other', events: ['skill.updated'], active: false });
    expect((await json('PATCH', `/api/webhooks/${id}`, {})).status).toBe(400);
    expect((await json('DELETE', `/api/webhooks/${id}`)).status).toBe(204);
    for (const [method, p] of [['GET', `/api/webhooks/${id}`], ['DELETE', `/api/webhooks/${id}`], ['GET', `/api/webhooks/${id}/deliveries`], ['POST', `/api/webhooks/${id}/test`]] as const) {
      expect((await json(method, p)).status, `${method} ${p}`).toBe(404);
    }
    const audit = await json('GET', `/api/audit?resource_id=${id}`);
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(['webhook.delete', 'webhook.update', 'webhook.create']);
  });

  it('is for admins only', async () => {
    for (const key of [memberKey, viewerKey]) {
      const headers = { 'x-api-key': key };
      expect((await json('GET', '/api/webhooks', undefined, headers)).status).toBe(403);
      expect((await json('POST', '/api/webhooks', { url: 'https://example.com/h' }, headers)).status).toBe(403);
    }
    expect((await json('GET', '/api/webhooks', undefined, {})).status).toBe(401);
  });

  it('refuses URLs that are not http(s), carry credentials, or are not URLs', async () => {
    for (const url of ['ftp://x', 'http://user:pass@host/', 'not a url', '/relative/path', 'javascript:alert(1)', 'http://exa mple.com/', '']) {
      const res = await json('POST', '/api/webhooks', { url });
      expect(res.status, url).toBe(400);
      expect(res.body.code).toBe('invalid_request');
      expect(res.text).not.toContain('pass@');
    }
    expect((await json('POST', '/api/webhooks', { url: 'https://example.com/h', events: ['skill.exploded'] })).status).toBe(400);
    expect((await json('POST', '/api/webhooks', { url: 'https://example.com/h', secret: 'mine' })).status).toBe(400);
    const { id } = await createWebhook({ url: 'https://example.com/h', active: false });
    expect((await json('PATCH', `/api/webhooks/${id}`, { url: 'http://user:pass@host/' })).status).toBe(400);
    await json('DELETE', `/api/webhooks/${id}`);
  });
});

describe('webhook deliveries across a restart', () => {
  it('sends deliveries left pending by the previous run', async () => {
    if (process.env.SKILLPORT_TEST_BACKEND === 'postgres') return; // each test server gets a fresh database there
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'skillport-restart-'));
    const r = await receiver();
    const first = await startServer({ env: { ...FAST, SKILLPORT_DATA_DIR: dataDir } });
    let pendingId: string;
    let webhookId: string;
    try {
      const res = await first.call('POST', '/api/webhooks', { url: r.url, active: false });
      webhookId = ((await res.json()) as { webhook: { id: string } }).webhook.id;
      // With the dispatcher stopped the ping is recorded but not sent, as when a node dies.
      await first.app.webhooks.dispatcher.stop();
      const ping = (await (await first.call('POST', `/api/webhooks/${webhookId}/test`)).json()) as { id: string; status: string; attempts: number };
      expect(ping).toMatchObject({ status: 'pending', attempts: 0 });
      pendingId = ping.id;
    } finally {
      await first.close();
    }
    expect(r.received).toHaveLength(0);

    const second = await startServer({ env: { ...FAST, SKILLPORT_DATA_DIR: dataDir } });
    try {
      await waitFor(async () => r.received.length === 1);
      expect(r.received[0]!.headers['x-skillport-delivery']).toBe(pendingId);
      const delivery = await waitFor(async () => {
        const list = ((await (await second.get(`/api/webhooks/${webhookId}/deliveries`)).json()) as { deliveries: Array<Record<string, unknown>> }).deliveries;
        return list[0]?.status === 'succeeded' ? list[0] : undefined;
      });
      expect(delivery).toMatchObject({ id: pendingId, attempts: 1 });
    } finally {
      await second.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
