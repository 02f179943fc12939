/** Child-process plumbing for the benchmark: start TypeScript scripts under tsx, wait for a ready line, kill them all. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BENCH_DIR = path.join(REPO_ROOT, 'bench');

/** Every child started through here, so one call can end them all, on success and on error alike. */
const children = new Set<ChildProcess>();

export interface Started {
  child: ChildProcess;
  /** Capture groups of the ready line. */
  match: RegExpMatchArray;
  /** Lines the child wrote to stdout after its ready line (kept: the first 50). */
  later: { count: number; lines: string[] };
}

export interface StartOptions {
  args?: string[];
  env?: NodeJS.ProcessEnv;
  nodeArgs?: string[];
  /** Line on stdout that says the child is ready. */
  ready: RegExp;
  timeoutMs?: number;
  label: string;
}

export interface SkillportOptions {
  skillsDir: string;
  dataDir: string;
  /** The owner key the server is bootstrapped with (SKILLPORT_BOOTSTRAP_KEY). */
  key: string;
  /** Watch the skills directory (default off: most benchmarks do not edit it). */
  watch?: boolean;
  /** Further settings, over the defaults. */
  env?: Record<string, string>;
  label?: string;
}

/**
 * The built Skillport server (bench/server.mjs) on a loopback port, with what every benchmark
 * wants: warnings only in the log, no rate limit (the load measures serving, not the limiter) and
 * no template seeding. `match[1]` is its URL, `match[2]` its in-process start time.
 */
export function startSkillport(options: SkillportOptions): Promise<Started> {
  return startScript('server.mjs', {
    label: options.label ?? 'skillport',
    env: {
      ...process.env,
      SKILLPORT_SKILLS_PATH: options.skillsDir,
      SKILLPORT_DATA_DIR: options.dataDir,
      SKILLPORT_PORT: '0',
      SKILLPORT_HOST: '127.0.0.1',
      SKILLPORT_LOG_LEVEL: 'warn',
      SKILLPORT_WATCH: options.watch ? 'true' : 'false',
      SKILLPORT_BOOTSTRAP_KEY: options.key,
      SKILLPORT_RATE_LIMIT: '0',
      SKILLPORT_AUTO_SEED: 'false',
      ...options.env,
    },
    ready: /^SKILLPORT_URL (\S+) (\d+)$/,
  });
}

/**
 * Runs `bench/<script>` with node itself (so the pid is the node process, not a wrapper): a `.mjs`
 * script as it is, a TypeScript one through `--import tsx`.
 */
export function startScript(script: string, options: StartOptions): Promise<Started> {
  const loader = script.endsWith('.mjs') ? [] : ['--import', 'tsx'];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...loader, path.join(BENCH_DIR, script), ...(options.args ?? [])], {
    cwd: REPO_ROOT,
    env: options.env ?? process.env,
    // stdin stays open as a lifeline: the children shut down when it closes.
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const stderr: string[] = [];
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr.push(chunk);
    if (stderr.length > 200) stderr.shift();
  });

  const later = { count: 0, lines: [] as string[] };
  return new Promise<Started>((resolve, reject) => {
    let forwarded = 0;
    const timer = setTimeout(() => fail(new Error(`${options.label}: not ready after ${options.timeoutMs ?? 60_000} ms`)), options.timeoutMs ?? 60_000);
    const lines = createInterface({ input: child.stdout! });
    let settled = false;
    function fail(err: Error) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const tail = stderr.join('').trim().split('\n').slice(-20).join('\n');
      reject(new Error(`${err.message}${tail ? `\n--- ${options.label} stderr ---\n${tail}` : ''}`));
    }
    lines.on('line', (line) => {
      const match = settled ? null : line.match(options.ready);
      if (match) {
        settled = true;
        clearTimeout(timer);
        resolve({ child, match, later });
      } else if (settled) {
        // After start-up the run reports these in its summary instead of interleaving them with progress.
        later.count++;
        if (later.lines.length < 50) later.lines.push(line);
      } else if (forwarded < 20 && line.trim()) {
        forwarded++;
        process.stderr.write(`[${options.label}] ${line.slice(0, 300)}\n`);
      }
    });
    child.once('error', fail);
    child.once('exit', (code, signal) => fail(new Error(`${options.label} exited early (code ${code}, signal ${signal})`)));
  });
}

/** Runs a script to completion and returns its last stdout line. */
export async function runScript(script: string, options: Omit<StartOptions, 'ready'>): Promise<string> {
  const { child, match } = await startScript(script, { ...options, ready: /^(\{.*\})$/ });
  await waitExit(child, options.timeoutMs ?? 60_000);
  return match[1]!;
}

function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** SIGTERM every child still running, then SIGKILL whichever has not exited within 3 s. */
export async function stopAll(): Promise<void> {
  await Promise.all(
    [...children].map(async (child) => {
      child.kill('SIGTERM');
      if (!(await waitExit(child, 3000))) {
        child.kill('SIGKILL');
        await waitExit(child, 1000);
      }
      children.delete(child);
    }),
  );
}

/** Synchronous last resort for `process.on('exit')`. */
export function killAllNow(): void {
  for (const child of children) child.kill('SIGKILL');
}

/** Resident set size of a process in bytes (Linux only; undefined elsewhere). */
export function rssOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = status.match(/^VmRSS:\s+(\d+)\s+kB/m)?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

/** GET that never decodes: without an Accept-Encoding header the body is exactly what an uncompressed client receives. */
export function httpGet(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`GET ${url} timed out`)));
  });
}

export function closeHttpAgent(): void {
  agent.destroy();
}
