import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLES_DIR, OWNER_KEY, REPO_ROOT } from './helpers/server.js';

const TSX = pathToFileURL(path.join(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const children: ChildProcess[] = [];
afterAll(() => children.forEach((child) => child.kill('SIGKILL')));

/** Starts `skillport serve` as its own process and resolves to its URL once it listens. */
function serve(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', TSX, path.join(REPO_ROOT, 'src/cli/main.ts'), 'serve'], {
    env: { ...process.env, SKILLPORT_DATA_DIR: dataDir, SKILLPORT_PORT: '0', SKILLPORT_SKILLS_PATH: EXAMPLES_DIR, SKILLPORT_BOOTSTRAP_KEY: OWNER_KEY, SKILLPORT_RATE_LIMIT: '0', SKILLPORT_WATCH: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)"/.exec(out);
      if (match) resolve({ child, url: match[1]! });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

describe('durability', () => {
  it('keeps every acknowledged write after the server is killed with SIGKILL mid-stream', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'skillport-kill-'));
    try {
      const first = await serve(dataDir);
      const acknowledged: string[] = [];
      let stop = false;
      const writer = async (lane: number) => {
        for (let i = 0; !stop; i++) {
          const name = `team-${lane}-${i}`;
          try {
            const res = await fetch(`${first.url}/api/teams`, {
              method: 'POST',
              headers: { 'x-api-key': OWNER_KEY, 'content-type': 'application/json' },
              body: JSON.stringify({ name }),
            });
            if (res.status === 201) acknowledged.push(name);
          } catch {
            return; // the server is gone
          }
        }
      };
      const lanes = [0, 1, 2, 3].map(writer);
      while (acknowledged.length < 60) await new Promise((resolve) => setTimeout(resolve, 10));
      first.child.kill('SIGKILL');
      stop = true;
      await Promise.all(lanes);

      const second = await serve(dataDir);
      const res = await fetch(`${second.url}/api/teams`, { headers: { 'x-api-key': OWNER_KEY } });
      const stored = new Set(((await res.json()) as { teams: Array<{ name: string }> }).teams.map((t) => t.name));
      expect(acknowledged.length).toBeGreaterThanOrEqual(60);
      expect(acknowledged.filter((name) => !stored.has(name))).toEqual([]);
      second.child.kill('SIGTERM');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
