import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { OWNER_KEY, REPO_ROOT } from './server.js';

const TSX = pathToFileURL(path.join(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

/** A Skillport node running as its own process (`skillport serve`), so it can be killed outright. */
export interface NodeProcess {
  name: string;
  url: string;
  child: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  /** The last lines it logged, for a failing test's message. */
  tail(): string;
  call(method: string, pathname: string, body?: unknown, key?: string): Promise<{ status: number; body: any }>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Starts `skillport serve` from source and resolves once it listens (it must log at info level, which says where). */
export function startNodeProcess(name: string, env: Record<string, string>): Promise<NodeProcess> {
  const child = spawn(process.execPath, ['--import', TSX, path.join(REPO_ROOT, 'src/cli/main.ts'), 'serve'], {
    env: { ...process.env, SKILLPORT_PORT: '0', SKILLPORT_HOST: '127.0.0.1', SKILLPORT_BOOTSTRAP_KEY: OWNER_KEY, SKILLPORT_RATE_LIMIT: '0', SKILLPORT_WATCH: 'false', SKILLPORT_AUTO_SEED: 'false', SKILLPORT_NODE_ID: name, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      keep(chunk);
      seen += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)"/.exec(seen);
      if (!match) return;
      child.stdout!.off('data', onData);
      child.stdout!.on('data', keep);
      const url = match[1]!;
      resolve({
        name,
        url,
        child,
        exited,
        tail: () => lines.slice(-40).join('\n'),
        async call(method, pathname, body, key = OWNER_KEY) {
          const res = await fetch(url + pathname, {
            method,
            headers: { 'x-api-key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
            body: body === undefined ? undefined : JSON.stringify(body),
          });
          const text = await res.text();
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : {};
          } catch {
            // not JSON (metrics): keep the text
          }
          return { status: res.status, body: parsed };
        },
        async kill(signal) {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`node ${name} exited with ${code} before listening:\n${lines.join('\n')}`)));
  });
}
