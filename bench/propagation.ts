/**
 * Change propagation between two nodes on one PostgreSQL database: a skill saved or edited
 * through node A, and how long after A acknowledged it node B's catalog has it (B's change
 * stream, `GET /api/skills/events`, announces it); a change already on B when A's answer arrives
 * counts as 0. Also the whole round, from sending the write to A. Beside it, in the same run, the floor of the
 * mechanism: a bare NOTIFY from one PostgreSQL connection to another LISTENing on the same server.
 *
 * Needs PostgreSQL: SKILLPORT_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres)
 * names a server where a throwaway database may be created.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { printRows } from './load.js';
import type { ScannerRow } from './scanner.js';
import { startScript, stopAll } from './servers.js';

const CHANGES = 200;
const KEY = `sk_${'be9c'.repeat(16)}`;
const ADMIN_URL = process.env.SKILLPORT_BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const TIMEOUT_MS = 10_000;

export interface PropagationFigures {
  changes: number;
  /** Milliseconds from A's acknowledgement to B's change event, per change. */
  lagMs: { median: number; p99: number; max: number };
  /** From sending a bare NOTIFY on one connection to its arrival on another. */
  notifyMs: { median: number; p99: number };
  /** Milliseconds from sending the write to A to B's change event: the whole round, A's work included. */
  endToEndMs: { median: number; p99: number };
  /** Changes whose event reached B before A's response reached the client (counted as 0). */
  beforeAck: number;
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
};

export async function runPropagationBench(log: (message: string) => void = () => {}): Promise<{ rows: ScannerRow[]; figures?: PropagationFigures }> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await admin.connect();
  } catch (err) {
    const reason = `no PostgreSQL at ${redact(ADMIN_URL)} (${(err as Error).message}); set SKILLPORT_BENCH_DATABASE_URL`;
    log(`propagation: skipped: ${reason}`);
    return { rows: [{ metric: 'change propagation between two nodes', value: 'skipped', baseline: reason }] };
  }
  const dbName = `skillport_bench_${randomBytes(4).toString('hex')}`;
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'skillport-bench-propagation-'));
  await admin.query(`create database ${dbName}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  const databaseUrl = url.toString();
  try {
    const notifyMs = await bareNotify(databaseUrl);
    log(`propagation: bare NOTIFY median ${notifyMs.median.toFixed(2)} ms, p99 ${notifyMs.p99.toFixed(2)} ms`);

    const skillsDir = path.join(tmp, 'skills');
    await mkdir(skillsDir);
    const node = (name: string) =>
      startScript('server.mjs', {
        label: name,
        env: {
          ...process.env,
          SKILLPORT_DATABASE_URL: databaseUrl,
          SKILLPORT_SKILLS_PATH: skillsDir,
          SKILLPORT_PORT: '0',
          SKILLPORT_HOST: '127.0.0.1',
          SKILLPORT_LOG_LEVEL: 'warn',
          SKILLPORT_DATA_DIR: path.join(tmp, name),
          SKILLPORT_BOOTSTRAP_KEY: KEY,
          SKILLPORT_RATE_LIMIT: '0',
          SKILLPORT_AUTO_SEED: 'false',
          SKILLPORT_NODE_ID: name,
        },
        ready: /^SKILLPORT_URL (\S+) (\d+)$/,
      });
    // A migrates the database and creates the owner; B starts on it.
    const a = (await node('node-a')).match[1]!;
    const b = (await node('node-b')).match[1]!;
    log(`propagation: node A ${a}, node B ${b}`);

    const events = await subscribe(b);
    const lags: number[] = [];
    const rounds: number[] = [];
    let beforeAck = 0;
    const ids: string[] = [];
    try {
      for (let i = 0; i < CHANGES; i++) {
        // Half creates, then edits of the skills just created.
        const create = i < CHANGES / 2;
        const name = `propagated-${create ? i : i - CHANGES / 2}`;
        const arrived = events.next(name);
        const sentAt = performance.now();
        const res = create
          ? await send(a, 'POST', '/api/skills/configs', { skill_content: skillMd(name, `Skill ${name}`), visibility: 'global' })
          : await send(a, 'PUT', `/api/skills/configs?id=${ids[i - CHANGES / 2]}`, { description: `Skill ${name}, edited` });
        const ackAt = performance.now();
        if (res.status !== (create ? 201 : 200)) throw new Error(`${create ? 'create' : 'edit'} of ${name} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 200)}`);
        if (create) ids.push(res.body.id as string);
        const at = await arrived;
        if (at < ackAt) beforeAck++;
        lags.push(Math.max(0, at - ackAt));
        rounds.push(at - sentAt);
      }
    } finally {
      events.close();
    }
    const figures: PropagationFigures = {
      changes: CHANGES,
      lagMs: { median: quantile(lags, 0.5), p99: quantile(lags, 0.99), max: Math.max(...lags) },
      notifyMs,
      endToEndMs: { median: quantile(rounds, 0.5), p99: quantile(rounds, 0.99) },
      beforeAck,
    };
    log(`propagation: ${CHANGES} changes, after A's answer: median ${figures.lagMs.median.toFixed(1)} ms, p99 ${figures.lagMs.p99.toFixed(1)} ms, max ${figures.lagMs.max.toFixed(1)} ms (${beforeAck} already on B before A answered); from sending the write: median ${figures.endToEndMs.median.toFixed(1)} ms, p99 ${figures.endToEndMs.p99.toFixed(1)} ms`);
    const rows: ScannerRow[] = [
      { metric: `change propagation A→B: median of ${CHANGES}`, value: `${figures.lagMs.median.toFixed(1)} ms`, baseline: `${notifyMs.median.toFixed(2)} ms (bare NOTIFY)`, ratio: figures.lagMs.median / notifyMs.median, target: '< 1000 ms', pass: figures.lagMs.median < 1000 },
      { metric: `change propagation A→B: p99 of ${CHANGES}`, value: `${figures.lagMs.p99.toFixed(1)} ms`, baseline: `${notifyMs.p99.toFixed(2)} ms (bare NOTIFY)`, ratio: figures.lagMs.p99 / notifyMs.p99, target: '< 1000 ms', pass: figures.lagMs.p99 < 1000 },
      { metric: `write to A until B shows it: median / p99 of ${CHANGES}`, value: `${figures.endToEndMs.median.toFixed(1)} / ${figures.endToEndMs.p99.toFixed(1)} ms`, baseline: `${beforeAck} of ${CHANGES} on B before A answered` },
    ];
    return { rows, figures };
  } finally {
    await stopAll();
    await admin.query(`drop database if exists ${dbName} with (force)`).catch(() => {});
    await admin.end();
    await rm(tmp, { recursive: true, force: true });
  }
}

/** `npm run bench -- --only propagation`. */
export async function main(): Promise<number> {
  const { rows } = await runPropagationBench((message) => process.stderr.write(`[bench propagation] ${message}\n`));
  printRows(rows);
  return 0;
}

const skillMd = (name: string, description: string) => `---\nname: ${name}\ndescription: ${description}\n---\n\n# Steps\n\n1. Do the thing.\n`;

async function send(base: string, method: string, pathname: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(base + pathname, { method, headers: { 'x-api-key': KEY, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** B's change stream; `next(name)` resolves to the time the next event for `name` arrives. */
async function subscribe(base: string): Promise<{ next(name: string): Promise<number>; close(): void }> {
  const waiting = new Map<string, (at: number) => void>();
  const req = http.get(`${base}/api/skills/events`, { headers: { 'x-api-key': KEY, accept: 'text/event-stream' } });
  const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', reject);
  });
  if (response.statusCode !== 200) throw new Error(`GET /api/skills/events answered ${response.statusCode}`);
  let buffer = '';
  response.setEncoding('utf8').on('data', (chunk: string) => {
    const at = performance.now();
    buffer += chunk;
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      if (!data) continue;
      const name = (JSON.parse(data) as { name?: string }).name;
      const resolve = name === undefined ? undefined : waiting.get(name);
      if (resolve) {
        waiting.delete(name!);
        resolve(at);
      }
    }
  });
  return {
    next: (name) =>
      new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`node B did not show ${name} within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
        waiting.set(name, (at) => {
          clearTimeout(timer);
          resolve(at);
        });
      }),
    close: () => req.destroy(),
  };
}

/** From sending a NOTIFY on one connection to its arrival on another LISTENing, CHANGES times: what the database itself takes. */
async function bareNotify(databaseUrl: string): Promise<{ median: number; p99: number }> {
  const listener = new pg.Client({ connectionString: databaseUrl });
  const sender = new pg.Client({ connectionString: databaseUrl });
  await Promise.all([listener.connect(), sender.connect()]);
  try {
    await listener.query('listen bench_propagation');
    const samples: number[] = [];
    for (let i = 0; i < CHANGES; i++) {
      const arrived = new Promise<number>((resolve) => listener.once('notification', () => resolve(performance.now())));
      const sentAt = performance.now();
      await sender.query(`select pg_notify('bench_propagation', $1)`, [String(i)]);
      samples.push((await arrived) - sentAt);
    }
    return { median: quantile(samples, 0.5), p99: quantile(samples, 0.99) };
  } finally {
    await Promise.all([listener.end(), sender.end()]);
  }
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'an unreadable URL';
  }
}
