import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createSkillport, type Skillport } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/util/logger.js';
import { freshDatabase } from './databases.js';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Real SKILL.md files from public repositories (provenance and licences in its README). */
export const CORPUS_DIR = path.join(REPO_ROOT, 'test/corpus');
export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples/skills');

/** The owner key every test server is bootstrapped with. */
export const OWNER_KEY = `sk_${'0123456789abcdef'.repeat(4)}`;

export interface TestServer {
  app: Skillport;
  url: string;
  skillsDir: string;
  /** Every log line the server wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  /** The raw log text, exactly as written. */
  rawLogs: string[];
  /** GET as the owner unless other credentials (or `{}` for none) are given. */
  get(pathname: string, headers?: Record<string, string>): Promise<Response>;
  /** Any request as the owner, with a JSON body. */
  call(method: string, pathname: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Stops this server and starts another on the same data directory and database. */
  restart(): Promise<TestServer>;
  close(): Promise<void>;
}

/** Starts a real server on a loopback port over a temporary copy of `from` (or an empty folder). */
export async function startServer(options: { from?: string; env?: Record<string, string>; logLevel?: string; /** A database shared with other servers (left in place on close). */ databaseUrl?: string } = {}): Promise<TestServer> {
  const base = await mkdtemp(path.join(os.tmpdir(), 'skillport-test-'));
  const skillsDir = path.join(base, 'skills');
  if (options.from) await cp(options.from, skillsDir, { recursive: true });
  else await mkdir(skillsDir, { recursive: true });
  const logs: Array<Record<string, unknown>> = [];
  const rawLogs: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      rawLogs.push(String(chunk));
      for (const line of String(chunk).split('\n')) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  // SKILLPORT_TEST_BACKEND=postgres runs the same suites against a fresh PostgreSQL database.
  const database = !options.databaseUrl && process.env.SKILLPORT_TEST_BACKEND === 'postgres' ? await freshDatabase('postgres') : undefined;
  const databaseUrl = options.databaseUrl ?? database?.databaseUrl;
  const config = loadConfig({
    ...(databaseUrl ? { SKILLPORT_DATABASE_URL: databaseUrl } : {}),
    SKILLPORT_SKILLS_PATH: skillsDir,
    SKILLPORT_DATA_DIR: path.join(base, 'data'),
    SKILLPORT_PORT: '0',
    SKILLPORT_HOST: '127.0.0.1',
    SKILLPORT_BOOTSTRAP_KEY: OWNER_KEY,
    SKILLPORT_RATE_LIMIT: '0',
    SKILLPORT_AUTO_SEED: 'false',
    ...options.env,
  });
  const start = async (): Promise<TestServer> => {
    const app = await createSkillport(config, { logger: createLogger({ level: options.logLevel ?? 'info', destination }), shutdownGraceMs: 200 });
    const url = await app.listen();
    return {
      app,
      url,
      skillsDir,
      logs,
      rawLogs,
      get: (pathname, headers = { 'x-api-key': OWNER_KEY }) => fetch(url + pathname, { headers }),
      call: (method, pathname, body, headers = { 'x-api-key': OWNER_KEY }) =>
        fetch(url + pathname, {
          method,
          headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
      async restart() {
        await app.close();
        return start();
      },
      async close() {
        await app.close();
        await database?.drop();
        await rm(base, { recursive: true, force: true });
      },
    };
  };
  return start();
}

/** Polls until `check` passes or the time is up; returns the last value. */
export async function waitFor<T>(check: () => Promise<T | undefined | false>, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
