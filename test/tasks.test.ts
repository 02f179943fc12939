import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TaskRecord } from '../src/store/index.js';
import { freshDatabase, type TestDatabase } from './helpers/databases.js';
import { FAKE_MODEL, startFakeOpenAi, type FakeOpenAi } from './helpers/fake-openai.js';
import { EXAMPLES_DIR, OWNER_KEY, startServer, waitFor, type TestServer } from './helpers/server.js';

const MODEL_KEY = 'sk-model-secret-0123456789abcdef';
const REPLY = 'Hello from the fake model, one word at a time.';
let fake: FakeOpenAi;
let server: TestServer;
const keys: Record<string, string> = {};

const modelEnv = () => ({
  SKILLPORT_MODEL_BASE_URL: fake.url,
  SKILLPORT_MODEL: FAKE_MODEL,
  SKILLPORT_MODEL_API_KEY: MODEL_KEY,
  SKILLPORT_MODEL_CONNECT_TIMEOUT_MS: '500',
  SKILLPORT_MODEL_TIMEOUT_MS: '5000',
  SKILLPORT_MODEL_MAX_RETRIES: '2',
  SKILLPORT_MODEL_RETRY_BASE_MS: '10',
});

async function as(who: string, method: string, pathname: string, body?: unknown, target: TestServer = server) {
  const res = await target.call(method, pathname, body, { 'x-api-key': keys[who] ?? OWNER_KEY });
  const text = await res.text();
  const json = text && res.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Record<string, any>) : {};
  return { status: res.status, body: json, text, headers: res.headers };
}

/** Waits until a task has finished and returns it. */
async function settled(taskId: string, who = 'owner', target: TestServer = server): Promise<Record<string, any>> {
  return waitFor(async () => {
    const { body } = await as(who, 'GET', `/api/v1/tasks/${taskId}`, undefined, target);
    return ['succeeded', 'failed', 'cancelled'].includes(body.status) ? body : undefined;
  }, 10_000);
}

async function run(who: string, body: Record<string, unknown>): Promise<Record<string, any>> {
  const submitted = await as(who, 'POST', '/api/v1/tasks', body);
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
  return settled(submitted.body.task_id, who);
}

/** The data of every `data:` frame in an event stream, parsed. */
function frames(text: string): Array<Record<string, any>> {
  return text
    .split('\n\n')
    .map((block) => block.split('\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)).join('\n'))
    .filter(Boolean)
    .map((data) => JSON.parse(data) as Record<string, any>);
}

const requestFor = (query: string) => fake.requests.find((r) => String(r.body.messages.at(-1).content).startsWith(query));

beforeAll(async () => {
  fake = await startFakeOpenAi();
  server = await startServer({ from: EXAMPLES_DIR, env: modelEnv() });
  keys.owner = OWNER_KEY;
  for (const [id, role] of [['alice', 'member'], ['bob', 'member'], ['dora', 'admin'], ['vic', 'viewer']] as const) {
    await as('owner', 'POST', '/api/users', { id, name: id, role });
    keys[id] = (await as('owner', 'POST', '/api/keys', { name: id, user_id: id })).body.key;
  }
  // A member's key an admin granted skills:dangerous, and one with every other scope a member may hold.
  keys.granted = (await as('dora', 'POST', '/api/keys', { name: 'granted', user_id: 'alice', scopes: ['skills:read', 'tasks:run', 'skills:dangerous'] })).body.key;
  keys.unrelated = (await as('owner', 'POST', '/api/keys', { name: 'unrelated', user_id: 'alice', scopes: ['skills:read', 'skills:write', 'tasks:run', 'keys:manage'] })).body.key;
});
afterAll(async () => {
  await server.close();
  await fake.close();
});
afterEach(() => {
  fake.reply = REPLY;
  fake.chunkDelayMs = 0;
});

describe('dangerous skills', () => {
  const DENIED = 'Skill system-maintenance is marked dangerous and requires admin/owner role or skills:dangerous scope';

  for (const [who, authority] of [['dora', 'role:admin'], ['owner', 'role:owner'], ['granted', 'scope:skills:dangerous']] as const) {
    it(`runs for ${who} on the authority of ${authority}, and audits it`, async () => {
      const task = await run(who, { query: `Maintain the host (${who})`, skill: 'system-maintenance' });
      expect(task).toMatchObject({ status: 'succeeded', skill: 'system-maintenance', skill_version: '1.0.0', dangerous: true, authority, result: REPLY });
      const audit = await as('owner', 'GET', `/api/audit?action=task.run&resource_id=${task.task_id}`);
      expect(audit.body.entries[0]).toMatchObject({
        outcome: 'success',
        details: { skill: 'system-maintenance', skill_version: '1.0.0', dangerous: true, authority, model: FAKE_MODEL },
      });
    });
  }

  for (const who of ['alice', 'unrelated']) {
    it(`is refused for ${who === 'alice' ? 'a plain member' : 'a key with unrelated scopes'}, and the refusal is audited`, async () => {
      const before = fake.count;
      const refused = await as(who, 'POST', '/api/v1/tasks', { query: 'Maintain the host', skill: 'system-maintenance' });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ error: DENIED, code: 'dangerous_skill_forbidden' });
      expect(fake.count).toBe(before);
      const audit = await as('owner', 'GET', '/api/audit?action=task.run&outcome=denied&resource_id=system-maintenance');
      expect(audit.body.entries[0]).toMatchObject({ actor_id: 'alice', details: { reason: 'dangerous_skill_forbidden' } });
    });
  }

  it('runs a safe skill for every caller that may run tasks', async () => {
    for (const who of ['alice', 'unrelated', 'granted', 'dora', 'owner']) {
      const task = await run(who, { query: `Research for ${who}`, skill: 'deep-research' });
      expect(task, who).toMatchObject({ status: 'succeeded', dangerous: false, authority: null });
    }
    expect((await as('vic', 'POST', '/api/v1/tasks', { query: 'x', skill: 'deep-research' })).status).toBe(403);
  });
});

describe('resolution', () => {
  it('runs exactly name@version, and the highest enabled version for a bare name', async () => {
    const pinned = await run('alice', { query: 'Pinned research', skill: 'deep-research@1.0.0' });
    expect(pinned).toMatchObject({ skill: 'deep-research', skill_version: '1.0.0' });
    const v100 = await readFile(path.join(EXAMPLES_DIR, 'research/deep-research-1.0.0.md'), 'utf8');
    expect(v100).toContain(pinned.expansion.system_prompt.trim().split('\n')[0]);
    expect(pinned.expansion.system_prompt).toContain('short summary that cites its sources');
    // The 2.0.0 beta is disabled, so the bare name is 1.2.0.
    expect(await run('alice', { query: 'Review it', skill: 'code-review' })).toMatchObject({ skill_version: '1.2.0' });
  });

  it('refuses a disabled version, and a name whose every version is disabled', async () => {
    const beta = await as('alice', 'POST', '/api/v1/tasks', { query: 'x', skill: 'code-review@2.0.0-beta.1' });
    expect([beta.status, beta.body]).toEqual([400, { error: 'Skill code-review@2.0.0-beta.1 is disabled', code: 'skill_disabled' }]);
    const created = await as('alice', 'POST', '/api/skills/configs', { skill_content: '---\nname: retired-helper\ndescription: Old\nenabled: false\n---\n# Old\n\nGone.\n' });
    expect(created.status).toBe(201);
    const retired = await as('alice', 'POST', '/api/v1/tasks', { query: 'x', skill: 'retired-helper' });
    expect([retired.status, retired.body]).toEqual([400, { error: 'Skill retired-helper is disabled', code: 'skill_disabled' }]);
  });

  it('answers an unknown skill, an unknown version and an invisible skill the same way', async () => {
    const before = fake.count;
    const unknown = await as('alice', 'POST', '/api/v1/tasks', { query: 'x', skill: 'no-such-skill' });
    expect([unknown.status, unknown.body]).toEqual([400, { error: 'Unknown skill: no-such-skill', code: 'unknown_skill' }]);
    const version = await as('alice', 'POST', '/api/v1/tasks', { query: 'x', skill: 'deep-research@9.9.9' });
    expect([version.status, version.body]).toEqual([400, { error: 'Unknown skill: deep-research@9.9.9', code: 'unknown_skill' }]);

    expect((await as('bob', 'POST', '/api/skills/configs', { skill_content: '---\nname: bobs-secret\ndescription: Private\n---\n# Secret\n\nBob only.\n' })).status).toBe(201);
    const hidden = await as('alice', 'POST', '/api/v1/tasks', { query: 'x', skill: 'bobs-secret' });
    expect([hidden.status, hidden.body]).toEqual([400, { error: 'Unknown skill: bobs-secret', code: 'unknown_skill' }]);
    expect(fake.count).toBe(before);
    expect((await run('bob', { query: 'Bob runs his own', skill: 'bobs-secret' })).status).toBe('succeeded');
  });
});

describe('expansion and budget', () => {
  it('makes the skill body the system prompt, with its role, tools and the lower budget', async () => {
    fake.reply = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');
    const task = await run('alice', { query: 'Budget low', skill: 'deep-research', budget_max: 5, system_prompt: 'ignored when a skill is used' });
    expect(task.expansion).toMatchObject({ role: 'engineer', tools: ['web_search', 'web_fetch', 'file_write'], budget_max: 5, model: FAKE_MODEL });
    expect(task.expansion.system_prompt).toMatch(/^# Deep research/);
    const sent = requestFor('Budget low')!;
    expect(sent.body.max_tokens).toBe(5);
    expect(sent.body.messages[0]).toEqual({ role: 'system', content: task.expansion.system_prompt });
    expect(JSON.stringify(sent.body)).not.toContain('ignored when a skill is used');
    // The budget cut the answer: counted from the reported usage.
    expect(task).toMatchObject({ finish_reason: 'length', usage: { completion_tokens: 5 }, result: 'w0 w1 w2 w3 w4 ' });

    await run('alice', { query: 'Budget high', skill: 'deep-research', budget_max: 500_000 });
    expect(requestFor('Budget high')!.body.max_tokens).toBe(120_000);
    await run('alice', { query: 'Budget skill only', skill: 'code-review' });
    expect(requestFor('Budget skill only')!.body.max_tokens).toBe(60_000);
  });

  it('uses the caller\'s system prompt and budget without a skill', async () => {
    const task = await run('alice', { query: 'No skill', system_prompt: 'You are terse.', budget_max: 7, context: { ticket: 'OPS-1' } });
    expect(task).toMatchObject({ skill: null, skill_version: null, expansion: { system_prompt: 'You are terse.', role: null, tools: [], budget_max: 7 }, context: { ticket: 'OPS-1' } });
    const sent = requestFor('No skill')!;
    expect(sent.body).toMatchObject({ max_tokens: 7, model: FAKE_MODEL });
    expect(sent.body.messages).toEqual([
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'No skill\n\nContext:\n{\n  "ticket": "OPS-1"\n}' },
    ]);
    await run('alice', { query: 'Nothing at all' });
    expect(requestFor('Nothing at all')!.body.max_tokens).toBeUndefined();
    expect(requestFor('Nothing at all')!.body.messages).toHaveLength(1);
  });

  it('sends the earlier turns of a session as history', async () => {
    await run('alice', { query: 'Turn one', session_id: 'sess-1' });
    await run('alice', { query: 'Turn two', session_id: 'sess-1' });
    expect(requestFor('Turn two')!.body.messages).toEqual([
      { role: 'user', content: 'Turn one' },
      { role: 'assistant', content: REPLY },
      { role: 'user', content: 'Turn two' },
    ]);
    // Another caller's session of the same id is theirs alone.
    await run('bob', { query: 'Bob turn', session_id: 'sess-1' });
    expect(requestFor('Bob turn')!.body.messages).toHaveLength(1);
  });

  it('shows the expansion and the request on a dry run, without calling the model', async () => {
    const before = fake.count;
    const dry = await as('alice', 'POST', '/api/v1/tasks', { query: 'Dry', skill: 'deep-research@1.0.0', budget_max: 1000, dry_run: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({
      dry_run: true,
      status: 'dry_run',
      skill: 'deep-research',
      skill_version: '1.0.0',
      expansion: { role: 'engineer', budget_max: 1000, model: FAKE_MODEL },
      request: { model: FAKE_MODEL, max_tokens: 1000, messages: [{ role: 'system' }, { role: 'user', content: 'Dry' }] },
    });
    expect(fake.count).toBe(before);
  });

  it('refuses bad input with a 400 that says what to fix', async () => {
    expect((await as('alice', 'POST', '/api/v1/tasks', {})).body).toMatchObject({ code: 'invalid_request', error: expect.stringContaining('query') });
    expect((await as('alice', 'POST', '/api/v1/tasks', { query: 'x', mode: 'fast' })).status).toBe(400);
    expect((await as('alice', 'POST', '/api/v1/tasks', { query: 'x', budget_max: 0 })).status).toBe(400);
    const big = await as('alice', 'POST', '/api/v1/tasks', { query: 'x', context: { blob: 'x'.repeat(70_000) } });
    expect([big.status, big.body.error]).toEqual([400, expect.stringContaining('context is larger than 64 KB')]);
  });
});

describe('streams and events', () => {
  it('streams the task\'s events in the POST response', async () => {
    const res = await server.call('POST', '/api/v1/tasks', { query: 'Stream me', skill: 'deep-research', stream: true }, { 'x-api-key': keys.alice! });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = frames(await res.text());
    expect(events[0]).toMatchObject({ type: 'task', status: 'queued', message: 'Task submitted', skill: 'deep-research', skill_version: '1.1.0' });
    const types = events.map((e) => e.type);
    expect(types.slice(0, 3)).toEqual(['task', 'status', 'status']);
    expect(types.slice(-4)).toEqual(['content', 'usage', 'status', 'done']);
    expect(events.filter((e) => e.type === 'content').map((e) => e.text).join('')).toBe(REPLY);
    expect(events.at(-1)).toMatchObject({ type: 'done', status: 'succeeded', finish_reason: 'stop' });
    expect(events.find((e) => e.type === 'usage')!.usage).toMatchObject({ completion_tokens: 10 });
  });

  it('replays everything to a late subscriber, and follows a running task live', async () => {
    const done = await run('alice', { query: 'Replay me' });
    const late = await server.get(`/api/v1/tasks/${done.task_id}/events`, { 'x-api-key': keys.alice! });
    const replay = frames(await late.text());
    expect(replay.map((e) => e.type)).toEqual(['status', 'status', ...Array(10).fill('content'), 'usage', 'status', 'done']);
    expect(replay.map((e) => e.id)).toEqual(replay.map((_, i) => i + 1));

    fake.chunkDelayMs = 30;
    const submitted = await as('alice', 'POST', '/api/v1/tasks', { query: 'Follow me' });
    const live = await server.get(`/api/v1/tasks/${submitted.body.task_id}/events`, { 'x-api-key': keys.alice! });
    const events = frames(await live.text());
    expect(events.filter((e) => e.type === 'content').map((e) => e.text).join('')).toBe(REPLY);
    expect(events.at(-1)).toMatchObject({ type: 'done', status: 'succeeded' });

    // Resuming after an event sends only what came after it.
    const resumed = await server.get(`/api/v1/tasks/${submitted.body.task_id}/events`, { 'x-api-key': keys.alice!, 'last-event-id': String(events.length - 2) });
    expect(frames(await resumed.text()).map((e) => e.type)).toEqual(['status', 'done']);
    const caughtUp = await server.get(`/api/v1/tasks/${submitted.body.task_id}/events?last_event_id=${events.length}`, { 'x-api-key': keys.alice! });
    expect(frames(await caughtUp.text())).toEqual([]);
  });

  it('keeps tasks private to their owner, except for admins', async () => {
    const task = await run('alice', { query: 'Mine' });
    expect((await as('bob', 'GET', `/api/v1/tasks/${task.task_id}`)).body).toEqual({ error: 'Task not found', code: 'task_not_found' });
    expect((await as('bob', 'GET', `/api/v1/tasks/${task.task_id}/events`)).status).toBe(404);
    expect((await as('bob', 'POST', `/api/v1/tasks/${task.task_id}/cancel`)).status).toBe(404);
    expect((await as('dora', 'GET', `/api/v1/tasks/${task.task_id}`)).status).toBe(200);

    const bobs = await as('bob', 'GET', '/api/v1/tasks?limit=100');
    expect(bobs.body.tasks.every((t: { owner_id: string }) => t.owner_id === 'bob')).toBe(true);
    expect((await as('bob', 'GET', '/api/v1/tasks?owner_id=alice')).status).toBe(403);
    const alices = await as('dora', 'GET', '/api/v1/tasks?owner_id=alice&limit=2');
    expect(alices.body).toMatchObject({ count: 2, next_cursor: expect.any(String) });
    expect(alices.body.tasks[0]).not.toHaveProperty('result');
    const next = await as('dora', 'GET', `/api/v1/tasks?owner_id=alice&limit=2&cursor=${alices.body.next_cursor}`);
    expect(next.body.tasks[0].created_at <= alices.body.tasks[1].created_at).toBe(true);
    expect(next.body.tasks[0].task_id).not.toBe(alices.body.tasks[1].task_id);
    expect((await as('dora', 'GET', '/api/v1/tasks?cursor=forged')).body.code).toBe('invalid_cursor');
  });
});

describe('cancel', () => {
  it('aborts the provider request and keeps the output so far', async () => {
    fake.chunkDelayMs = 100;
    fake.reply = Array.from({ length: 100 }, (_, i) => `w${i}`).join(' ');
    const submitted = await as('alice', 'POST', '/api/v1/tasks', { query: 'Cancel me' });
    const id = submitted.body.task_id as string;
    await waitFor(async () => (await as('alice', 'GET', `/api/v1/tasks/${id}`)).body.status === 'running');
    await new Promise((resolve) => setTimeout(resolve, 250));
    const cancelled = await as('alice', 'POST', `/api/v1/tasks/${id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', error: null });
    expect(cancelled.body.result).toMatch(/^w0 w1 /);
    await waitFor(async () => requestFor('Cancel me')!.aborted);
    expect((await as('alice', 'POST', `/api/v1/tasks/${id}/cancel`)).body).toMatchObject({ code: 'task_finished' });
    const audit = await as('owner', 'GET', `/api/audit?action=task.cancel&resource_id=${id}`);
    expect(audit.body.entries[0]).toMatchObject({ actor_id: 'alice', outcome: 'success' });
  });
});

describe('provider faults', () => {
  it('fails a task whose provider goes silent, with a clear error', async () => {
    fake.queue({ kind: 'stall', afterChunks: 2 });
    const task = await run('alice', { query: 'Stall' });
    expect(task).toMatchObject({ status: 'failed', error_code: 'provider_timeout', result: 'Hello from ' });
    expect(task.error).toBe('Model provider failed: the model provider went silent for 500 ms mid-answer');
  });

  it('fails after retrying 500s, and succeeds after a 429', async () => {
    fake.queue({ kind: 'status', status: 500 }, { kind: 'status', status: 500 }, { kind: 'status', status: 500 });
    const failed = await run('alice', { query: 'Always 500' });
    expect(failed).toMatchObject({ status: 'failed', error_code: 'provider_error' });
    expect(failed.error).toBe('Model provider failed: the model provider answered 500: fake failure 500 (after 3 attempts)');
    expect(fake.requests.filter((r) => r.body.messages.at(-1).content === 'Always 500')).toHaveLength(3);

    fake.queue({ kind: 'status', status: 429, headers: { 'retry-after-ms': '50' } });
    const ok = await run('alice', { query: 'Limited once' });
    expect(ok).toMatchObject({ status: 'succeeded', result: REPLY });
    expect(fake.requests.filter((r) => r.body.messages.at(-1).content === 'Limited once')).toHaveLength(2);
  });

  it('fails on a broken stream: a malformed chunk, or a connection cut mid-answer', async () => {
    fake.queue({ kind: 'malformed' });
    const malformed = await run('alice', { query: 'Malformed' });
    expect(malformed).toMatchObject({ status: 'failed', error_code: 'provider_protocol', result: 'Hello ' });
    expect(malformed.error).toMatch(/^Model provider failed: the model provider sent a malformed stream chunk/);

    fake.queue({ kind: 'cut', afterChunks: 3 });
    const cut = await run('alice', { query: 'Cut' });
    expect(cut).toMatchObject({ status: 'failed', error_code: 'provider_network', result: 'Hello from the ' });
    expect(fake.requests.filter((r) => r.body.messages.at(-1).content === 'Cut')).toHaveLength(1);
  });

  it('never shows or logs the model API key', async () => {
    fake.queue({ kind: 'status', status: 401, body: { error: { message: `bad key ${MODEL_KEY}` } } });
    const task = await run('alice', { query: 'Bad key' });
    expect(task.error).toContain('[redacted]');
    expect(JSON.stringify(task)).not.toContain(MODEL_KEY);
    expect(server.rawLogs.join('')).not.toContain(MODEL_KEY);
  });
});

describe('without a model provider', () => {
  it('answers dry runs, and refuses anything else at once with 503', async () => {
    const bare = await startServer({ from: EXAMPLES_DIR });
    try {
      const dry = await as('owner', 'POST', '/api/v1/tasks', { query: 'Dry', skill: 'deep-research', dry_run: true }, bare);
      expect(dry.status).toBe(200);
      expect(dry.body).toMatchObject({ dry_run: true, skill_version: '1.1.0', expansion: { model: null, budget_max: 120_000 } });
      for (const stream of [false, true]) {
        const refused = await as('owner', 'POST', '/api/v1/tasks', { query: 'Run', skill: 'deep-research', stream }, bare);
        expect(refused.status).toBe(503);
        expect(refused.body).toMatchObject({ code: 'no_model_provider', error: expect.stringContaining('SKILLPORT_MODEL_BASE_URL') });
      }
      // Skill errors still come first.
      expect((await as('owner', 'POST', '/api/v1/tasks', { query: 'Run', skill: 'nope' }, bare)).body.code).toBe('unknown_skill');
    } finally {
      await bare.close();
    }
  });
});

describe('restart', () => {
  it('marks tasks left running failed: stopped on shutdown, or found unfinished at the next start', async () => {
    const base = await mkdtemp(path.join(os.tmpdir(), 'skillport-restart-'));
    const database: TestDatabase | undefined = process.env.SKILLPORT_TEST_BACKEND === 'postgres' ? await freshDatabase('postgres') : undefined;
    const env = { ...modelEnv(), SKILLPORT_DATA_DIR: base, ...(database?.databaseUrl ? { SKILLPORT_DATABASE_URL: database.databaseUrl } : {}) };
    try {
      const first = await startServer({ from: EXAMPLES_DIR, env });
      fake.queue({ kind: 'stall', afterChunks: 1 });
      const running = await as('owner', 'POST', '/api/v1/tasks', { query: 'Running at shutdown' }, first);
      await waitFor(async () => (await as('owner', 'GET', `/api/v1/tasks/${running.body.task_id}`, undefined, first)).body.status === 'running');
      // A task as a crash would leave it: running, never settled. And one another live node runs.
      const now = new Date().toISOString();
      const crashed = stored({ id: 'task_crashed', status: 'running', node_id: first.app.config.nodeId, created_at: now, started_at: now, heartbeat_at: now });
      const elsewhere = stored({ id: 'task_elsewhere', status: 'running', node_id: 'another-node', created_at: now, started_at: now, heartbeat_at: now });
      await first.app.store.tasks.create(crashed);
      await first.app.store.tasks.create(elsewhere);
      await first.close();

      const second = await startServer({ from: EXAMPLES_DIR, env });
      try {
        const stopped = (await as('owner', 'GET', `/api/v1/tasks/${running.body.task_id}`, undefined, second)).body;
        expect(stopped).toMatchObject({ status: 'failed', error: 'server shut down while the task was running', error_code: 'server_shutdown', result: 'Hello ' });
        const found = (await as('owner', 'GET', '/api/v1/tasks/task_crashed', undefined, second)).body;
        expect(found).toMatchObject({ status: 'failed', error: 'server restarted while the task was running', error_code: 'server_restarted' });
        expect(found.finished_at).not.toBeNull();
        expect((await as('owner', 'GET', '/api/v1/tasks/task_elsewhere', undefined, second)).body.status).toBe('running');
        const events = frames(await (await second.get('/api/v1/tasks/task_crashed/events')).text());
        expect(events[2]).toEqual({ type: 'error', code: 'server_restarted', message: 'server restarted while the task was running', id: 3 });
        expect(events.map((e) => e.type)).toEqual(['status', 'status', 'error', 'status', 'done']);
      } finally {
        await second.close();
      }
    } finally {
      await database?.drop();
      await rm(base, { recursive: true, force: true });
    }
  });
});

function stored(fields: Partial<TaskRecord> & Pick<TaskRecord, 'id' | 'status' | 'node_id' | 'created_at' | 'heartbeat_at'>): TaskRecord {
  return {
    query: 'left behind',
    skill: null,
    skill_version: null,
    skill_source: null,
    dangerous: false,
    authority: null,
    session_id: null,
    context: null,
    expansion: { system_prompt: null, role: null, tools: [], budget_max: null, model: FAKE_MODEL },
    result: '',
    usage: null,
    finish_reason: null,
    error: null,
    error_code: null,
    owner_id: 'owner',
    actor_kind: 'api_key',
    key_id: null,
    request_id: null,
    cancel_requested: false,
    started_at: null,
    finished_at: null,
    updated_at: fields.created_at,
    ...fields,
  };
}
