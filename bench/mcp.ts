/**
 * MCP over Streamable HTTP: `search_skills` and `get_skill` calls per second through the SDK's own
 * client, over the 10,000-skill corpus. The baseline, measured in the same run and at the same
 * concurrency, is the plain HTTP request that answers the same question (`GET /api/skills?q=` and
 * `GET /api/v1/skills/{name}`), so the ratio is what the protocol and its session cost.
 *
 * Run inside `npm run bench`, or alone: `npm run bench -- --only mcp`.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { generateCorpus } from './generate.js';
import { printRows } from './load.js';
import type { ScannerRow } from './scanner.js';
import { startSkillport, stopAll } from './servers.js';

/** Clients calling at once, each with its own session (and, for the baseline, its own request loop). */
const CONCURRENCY = 8;
/** Seconds per measured round; rounds alternate which side goes first. */
const ROUND_S = 1;
const ROUNDS = 4;

export interface McpRate {
  callsPerSecond: number;
  calls: number;
  failures: number;
}

export interface McpFigures {
  concurrency: number;
  rounds: number;
  roundSeconds: number;
  searchSkills: { mcp: McpRate; http: McpRate; ratio: number };
  getSkill: { mcp: McpRate; http: McpRate; ratio: number };
}

export interface McpBenchInput {
  /** Base URL of the running server. */
  url: string;
  headers: Record<string, string>;
  /** Skill names to load, spread over the corpus. */
  names: string[];
  /** Words to search for. */
  words: string[];
}

type Call = (i: number) => Promise<boolean>;

/** Keeps `CONCURRENCY` loops calling for `seconds`; counts what completed. */
async function drive(calls: Call[], seconds: number): Promise<{ calls: number; failures: number; seconds: number }> {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let done = 0;
  let failures = 0;
  await Promise.all(
    calls.map(async (call, worker) => {
      for (let i = worker; performance.now() < deadline; i += calls.length) {
        if (await call(i).catch(() => false)) done++;
        else failures++;
      }
    }),
  );
  return { calls: done, failures, seconds: (performance.now() - started) / 1000 };
}

async function compare(mcp: Call[], http: Call[]): Promise<{ mcp: McpRate; http: McpRate; ratio: number }> {
  await drive(mcp, 0.5);
  await drive(http, 0.5);
  const totals = { mcp: { calls: 0, failures: 0, seconds: 0 }, http: { calls: 0, failures: 0, seconds: 0 } };
  for (let round = 0; round < ROUNDS; round++) {
    for (const side of round % 2 === 0 ? (['mcp', 'http'] as const) : (['http', 'mcp'] as const)) {
      const got = await drive(side === 'mcp' ? mcp : http, ROUND_S);
      totals[side].calls += got.calls;
      totals[side].failures += got.failures;
      totals[side].seconds += got.seconds;
    }
  }
  const rate = (t: { calls: number; failures: number; seconds: number }): McpRate => ({ callsPerSecond: t.calls / t.seconds, calls: t.calls, failures: t.failures });
  const result = { mcp: rate(totals.mcp), http: rate(totals.http) };
  return { ...result, ratio: result.mcp.callsPerSecond / result.http.callsPerSecond };
}

export async function runMcpBench(input: McpBenchInput, log: (message: string) => void = () => {}): Promise<{ rows: ScannerRow[]; figures: McpFigures }> {
  const clients = await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      const client = new Client({ name: 'skillport-bench', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${input.url}/mcp`), { requestInit: { headers: input.headers } }));
      return client;
    }),
  );
  try {
    const tool = (client: Client, name: string, args: (i: number) => Record<string, unknown>): Call => async (i) => {
      const result = await client.callTool({ name, arguments: args(i) });
      return !result.isError;
    };
    const get = (pathOf: (i: number) => string): Call => async (i) => {
      const res = await fetch(input.url + pathOf(i), { headers: input.headers });
      await res.arrayBuffer();
      return res.ok;
    };
    const word = (i: number) => input.words[i % input.words.length]!;
    const name = (i: number) => input.names[i % input.names.length]!;
    const loops = <T>(make: () => T) => Array.from({ length: CONCURRENCY }, make);

    const searchSkills = await compare(
      clients.map((client) => tool(client, 'search_skills', (i) => ({ query: word(i), limit: 20 }))),
      loops(() => get((i) => `/api/skills?q=${encodeURIComponent(word(i))}&page_size=20`)),
    );
    log(`MCP search_skills: ${searchSkills.mcp.callsPerSecond.toFixed(0)} calls/s; GET /api/skills?q= ${searchSkills.http.callsPerSecond.toFixed(0)} req/s; ratio ${searchSkills.ratio.toFixed(2)}`);
    const getSkill = await compare(
      clients.map((client) => tool(client, 'get_skill', (i) => ({ name: name(i) }))),
      loops(() => get((i) => `/api/v1/skills/${encodeURIComponent(name(i))}`)),
    );
    log(`MCP get_skill: ${getSkill.mcp.callsPerSecond.toFixed(0)} calls/s; GET /api/v1/skills/{name} ${getSkill.http.callsPerSecond.toFixed(0)} req/s; ratio ${getSkill.ratio.toFixed(2)}`);

    const figures: McpFigures = { concurrency: CONCURRENCY, rounds: ROUNDS, roundSeconds: ROUND_S, searchSkills, getSkill };
    const rate = (r: McpRate) => `${r.callsPerSecond.toFixed(0)}/s${r.failures ? ` (${r.failures} failed)` : ''}`;
    const rows: ScannerRow[] = [
      { metric: `MCP search_skills, ${CONCURRENCY} sessions: calls/s`, value: rate(searchSkills.mcp), baseline: `${rate(searchSkills.http)} (GET /api/skills?q=)`, ratio: searchSkills.ratio },
      { metric: `MCP get_skill, ${CONCURRENCY} sessions: calls/s`, value: rate(getSkill.mcp), baseline: `${rate(getSkill.http)} (GET /api/v1/skills/{name})`, ratio: getSkill.ratio },
    ];
    return { rows, figures };
  } finally {
    await Promise.all(clients.map((client) => client.close().catch(() => {})));
  }
}

/** `npm run bench -- --only mcp`: the corpus, the built server, and this benchmark alone. */
export async function main(): Promise<number> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'skillport-bench-mcp-'));
  const log = (message: string) => process.stderr.write(`[bench mcp] ${message}\n`);
  try {
    const skillsDir = path.join(tmp, 'skills');
    await mkdir(skillsDir);
    const corpus = await generateCorpus(skillsDir, { count: 10_000, seed: 0x5eed_2024 });
    const key = `sk_${'be9c'.repeat(16)}`;
    const server = await startSkillport({ skillsDir, dataDir: path.join(tmp, 'data'), key });
    log(`${corpus.skills.length} skills; server at ${server.match[1]}`);
    const step = Math.floor(corpus.skills.length / 100);
    const { rows } = await runMcpBench(
      { url: server.match[1]!, headers: { 'x-api-key': key }, names: Array.from({ length: 100 }, (_, i) => corpus.skills[i * step]!.name), words: ['incident', 'schema', 'deploy', 'pipeline', 'dashboard', 'runbook', 'invoice', 'metric', 'triage', 'contract'] },
      log,
    );
    printRows(rows);
    return 0;
  } finally {
    await stopAll();
    await rm(tmp, { recursive: true, force: true });
  }
}
