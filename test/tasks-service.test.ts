import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSkillport, type Skillport } from '../src/app.js';
import { AuditService } from '../src/auth/audit.js';
import { ANONYMOUS, SYSTEM, type Principal } from '../src/auth/principal.js';
import { Catalog } from '../src/catalog/index.js';
import { loadConfig } from '../src/config.js';
import { FilesystemSource } from '../src/sources/index.js';
import { openStore, type Store, type TaskRecord } from '../src/store/index.js';
import { ProviderError, type ChatProvider } from '../src/tasks/providers/types.js';
import { TaskService } from '../src/tasks/service.js';
import type { NumberedTaskEvent, RunGate } from '../src/tasks/types.js';
import { AppError } from '../src/util/app-error.js';
import { createLogger } from '../src/util/logger.js';
import { EXAMPLES_DIR, OWNER_KEY, waitFor } from './helpers/server.js';

const logger = createLogger({ level: 'silent' });

describe('the quarantine gate', () => {
  let app: Skillport;
  let url: string;
  let base: string;
  const asked: string[] = [];
  // Blocks one skill, as the quarantine policy would a flagged one.
  const gate: RunGate = (entry) => {
    asked.push(`${entry.name}@${entry.version}`);
    return entry.name === 'log-analysis' ? { blocked: true, reason: `Skill ${entry.name} is quarantined: the security scan found HIGH findings` } : { blocked: false };
  };

  beforeAll(async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'skillport-gate-'));
    const config = loadConfig({
      SKILLPORT_SKILLS_PATH: EXAMPLES_DIR,
      SKILLPORT_DATA_DIR: base,
      SKILLPORT_PORT: '0',
      SKILLPORT_BOOTSTRAP_KEY: OWNER_KEY,
      SKILLPORT_AUTO_SEED: 'false',
      SKILLPORT_WATCH: 'false',
      SKILLPORT_RATE_LIMIT: '0',
    });
    app = await createSkillport(config, { logger, runGate: gate, shutdownGraceMs: 200 });
    url = await app.listen();
  });
  afterAll(async () => {
    await app.close();
    await rm(base, { recursive: true, force: true });
  });

  const post = async (body: unknown) => {
    const res = await fetch(`${url}/api/v1/tasks`, { method: 'POST', headers: { 'x-api-key': OWNER_KEY, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  it('refuses a blocked skill with the policy\'s reason, dry run included, and audits it', async () => {
    for (const dry_run of [false, true]) {
      const refused = await post({ query: 'Look at these logs', skill: 'log-analysis', dry_run });
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({ error: 'Skill log-analysis is quarantined: the security scan found HIGH findings', code: 'skill_quarantined', skill: 'log-analysis' });
    }
    const audit = (await app.store.audit.query({ action: 'task.run', outcome: 'denied', limit: 5 }))[0];
    expect(audit).toMatchObject({ resource_id: 'log-analysis', details: { reason: 'skill_quarantined' } });
  });

  it('asks about the exact version resolved, and lets other skills through', async () => {
    const allowed = await post({ query: 'Research', skill: 'deep-research@1.0.0', dry_run: true });
    expect(allowed.status).toBe(200);
    expect(asked.at(-1)).toBe('deep-research@1.0.0');
    // Unknown and disabled skills are answered before the gate is asked.
    const before = asked.length;
    expect((await post({ query: 'x', skill: 'nope', dry_run: true })).body.code).toBe('unknown_skill');
    expect(asked.length).toBe(before);
  });
});

describe('tasks across nodes sharing one database', () => {
  let base: string;
  let store: Store;
  let catalog: Catalog;
  let source: FilesystemSource;

  /** A provider that writes one piece, then waits until it is aborted. */
  const hanging: ChatProvider = {
    defaultModel: 'stub',
    modelInUrl: false,
    describe: 'stub',
    chat: (_request, options = {}) =>
      new Promise((_resolve, reject) => {
        options.onDelta?.('partial ');
        options.signal?.addEventListener('abort', () => reject(new ProviderError('aborted', 'the request was cancelled')), { once: true });
      }),
  };
  const answering: ChatProvider = { ...hanging, chat: async () => ({ text: 'done', usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 }, finishReason: 'stop', model: 'stub' }) };

  const service = (nodeId: string, provider: ChatProvider, extra: Partial<ConstructorParameters<typeof TaskService>[0]> = {}) =>
    new TaskService({ store, catalog, audit: new AuditService(store), logger, provider, nodeId, concurrency: 2, heartbeatMs: 50, remotePollMs: 50, ...extra });
  const ctx = (principal: Principal = { ...SYSTEM, kind: 'user', id: 'ada' }) => ({ principal, ip: null, requestId: null });

  beforeAll(async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'skillport-nodes-'));
    store = await openStore({ dataDir: base });
    catalog = new Catalog();
    source = new FilesystemSource({ dirs: [EXAMPLES_DIR], watch: false, logger });
    await source.start((state) => catalog.update(source.key, state));
  });
  afterAll(async () => {
    await source.stop();
    await store.close();
    await rm(base, { recursive: true, force: true });
  });

  it('cancels a task running on another node at that node\'s next heartbeat, and follows it from there', async () => {
    const a = service('node-a', hanging);
    const b = service('node-b', hanging);
    await a.start();
    await b.start();
    try {
      const submitted = await a.submit(ctx(), { query: 'long job' });
      if (submitted.kind !== 'queued') throw new Error('expected a queued task');
      const id = submitted.task.id;
      await waitFor(async () => (await store.tasks.get(id))?.status === 'running');

      const seen: NumberedTaskEvent[] = [];
      const abort = new AbortController();
      const following = b.follow(submitted.task, (event) => seen.push(event), { signal: abort.signal });
      const flagged = await b.cancel(ctx(), id);
      expect(flagged).toMatchObject({ status: 'running', cancel_requested: true });
      const final = await waitFor(async () => {
        const task = await store.tasks.get(id);
        return task?.status === 'cancelled' ? task : undefined;
      });
      expect(final.result).toBe('partial ');
      await following;
      expect(seen.map((e) => e.type)).toEqual(['status', 'status', 'content', 'status', 'done']);
      expect(seen.at(-1)).toMatchObject({ type: 'done', status: 'cancelled' });
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it('fails the tasks of a node that went silent, and leaves live nodes\' tasks alone', async () => {
    const old = new Date(Date.now() - 10 * 60_000).toISOString();
    const fresh = new Date().toISOString();
    const base: Omit<TaskRecord, 'id' | 'status' | 'node_id' | 'created_at' | 'heartbeat_at' | 'updated_at'> = { query: 'q', skill: null, skill_version: null, skill_source: null, dangerous: false, authority: null, session_id: null, context: null,
      expansion: { system_prompt: null, role: null, tools: [], budget_max: null, model: null }, result: '', usage: null, finish_reason: null, error: null,
      error_code: null, owner_id: 'ada', actor_kind: 'user', key_id: null, request_id: null, cancel_requested: false, started_at: null, finished_at: null };
    await store.tasks.create({ ...base, id: 'task_dead_node', status: 'running', node_id: 'dead-node', created_at: old, heartbeat_at: old, updated_at: old });
    await store.tasks.create({ ...base, id: 'task_live_node', status: 'queued', node_id: 'live-node', created_at: fresh, heartbeat_at: fresh, updated_at: fresh });
    const c = service('node-c', answering);
    await c.start();
    try {
      expect(await store.tasks.get('task_dead_node')).toMatchObject({ status: 'failed', error_code: 'server_restarted' });
      expect((await store.tasks.get('task_live_node'))?.status).toBe('queued');
    } finally {
      await c.stop();
    }
  });

  it('keeps callers to their own tasks and refuses a full queue', async () => {
    const d = service('node-d', hanging, { concurrency: 1, maxQueued: 1 });
    await d.start();
    try {
      const first = await d.submit(ctx(), { query: 'one' });
      await d.submit(ctx(), { query: 'two' });
      await expect(d.submit(ctx(), { query: 'three' })).rejects.toMatchObject({ statusCode: 503, code: 'task_queue_full' });
      if (first.kind !== 'queued') throw new Error('expected a queued task');
      const stranger = ctx({ ...ANONYMOUS, kind: 'user', id: 'eve', role: 'member', scopes: ['tasks:run'] });
      await expect(d.get(stranger, first.task.id)).rejects.toBeInstanceOf(AppError);
    } finally {
      await d.stop();
    }
    // Stopping settles what ran and what waited.
    const left = await store.tasks.list({ owner_id: 'ada', limit: 10 });
    expect(left.filter((t) => t.node_id === 'node-d').map((t) => [t.query, t.status, t.error_code])).toEqual([
      ['two', 'failed', 'server_shutdown'],
      ['one', 'failed', 'server_shutdown'],
    ]);
  });
});
