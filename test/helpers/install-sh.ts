import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';

export interface ScriptRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  env: Record<string, string>;
  /** Own process group, so a test can signal the script and its children together, as Ctrl-C does. */
  detached?: boolean;
  onSpawn?: (pid: number) => void;
  timeoutMs?: number;
}

/** Runs `command args` and collects its output; never rejects on a non-zero exit. */
export function runCommand(command: string, args: string[], options: RunOptions): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: options.detached });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not finish within ${options.timeoutMs ?? 60_000} ms\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.once('error', reject);
    child.once('spawn', () => options.onSpawn?.(child.pid!));
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** What the proxy does to one skill's bundle. */
export type Tampering =
  | { kind: 'cut'; skill: string }
  | { kind: 'flip'; skill: string }
  | { kind: 'stall'; skill: string }
  /**
   * Serves these bytes as the named skills' bundles and lists them with matching digests, as a
   * compromised server would (a name the server does not have is added to the list).
   */
  | { kind: 'replace'; bundles: Record<string, Buffer> };

/**
 * An HTTP proxy in front of a real server that can damage one skill's bundle on the way: cut it
 * off mid-stream, flip a byte, stall it, or swap it for other bytes (listed with a matching
 * digest). Counts the bundle requests it sees.
 */
export class TamperProxy {
  tampering: Tampering | undefined;
  bundleRequests = 0;
  /** Resolves the next time a stalled bundle is being served. */
  stalled: Promise<void> = Promise.resolve();
  private onStall: () => void = () => {};
  private readonly server: http.Server;
  private readonly sockets = new Set<import('node:net').Socket>();
  url = '';

  constructor(private readonly upstream: string) {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  set(tampering: Tampering | undefined): void {
    this.tampering = tampering;
    this.bundleRequests = 0;
    this.stalled = new Promise((resolve) => (this.onStall = resolve));
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers)) if (typeof value === 'string' && key !== 'connection') headers[key] = value;
    const upstream = await fetch(this.upstream + url, { method: req.method, headers, redirect: 'manual' });
    let body: Buffer = Buffer.from(await upstream.arrayBuffer());
    const t = this.tampering;
    const bundle = /\/([a-z0-9-]+)@[^/]+\/(?:bundle|install)\.tar\.gz$/.exec(url.split('?')[0]!);
    if (bundle) this.bundleRequests++;
    if (t && t.kind === 'replace' && url.endsWith('/api/skills/install.tsv')) {
      let list = body.toString('utf8');
      for (const [skill, bytes] of Object.entries(t.bundles)) {
        const line = new RegExp(`^(${skill}\\t[^\\t]+\\t)sha256:[0-9a-f]{64}`, 'm');
        list = line.test(list) ? list.replace(line, `$1sha256:${sha256(bytes)}`) : `${list}${skill}\t1.0.0\tsha256:${sha256(bytes)}\t.well-known/agent-skills/${skill}@1.0.0/install.tar.gz\n`;
      }
      body = Buffer.from(list);
    }
    const skill = bundle?.[1];
    if (t && t.kind === 'replace' && skill !== undefined && skill in t.bundles) {
      res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': String(t.bundles[skill]!.length) });
      res.end(t.bundles[skill]);
      return;
    }
    const hit = bundle && t && t.kind !== 'replace' && skill === t.skill;
    if (hit && t.kind === 'flip') {
      body = Buffer.from(body);
      const middle = body.length >> 1;
      body[middle] = body[middle]! ^ 0xff;
    }
    const out: Record<string, string> = {};
    upstream.headers.forEach((value, key) => {
      if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection', 'keep-alive', 'etag'].includes(key)) out[key] = value;
    });
    res.writeHead(upstream.status, { ...out, 'content-length': String(body.length) });
    if (hit && (t.kind === 'cut' || t.kind === 'stall')) {
      res.write(body.subarray(0, body.length >> 1));
      if (t.kind === 'stall') {
        this.onStall();
        return;
      }
      // Cut off mid-stream: the client gets half of what content-length promised.
      setTimeout(() => req.socket.destroy(), 20);
      return;
    }
    res.end(body);
  }
}

export interface TarEntry {
  name: string;
  type?: 'file' | 'symlink' | 'link' | 'directory';
  content?: string;
  linkname?: string;
}

/** A .tar.gz holding exactly these entries, however hostile. */
export async function hostileBundle(entries: TarEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  for (const entry of entries) {
    const type = entry.type ?? 'file';
    if (type === 'file') pack.entry({ name: entry.name, mode: 0o644 }, entry.content ?? 'x\n');
    else pack.entry({ name: entry.name, type, linkname: entry.linkname, mode: type === 'directory' ? 0o755 : 0o777 });
  }
  pack.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}

/** Every entry under `root` with what changes when it is rewritten or replaced. */
export async function snapshot(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (dir: string) => {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const stat = await fs.lstat(full);
      out.set(path.relative(root, full), `${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.mode}`);
      if (entry.isDirectory()) await walk(full);
    }
  };
  await walk(root);
  return out;
}

/** Relative paths of every file under `root` (sorted), or [] when it does not exist. */
export async function filesUnder(root: string): Promise<string[]> {
  try {
    return [...(await snapshot(root)).keys()].sort();
  } catch {
    return [];
  }
}
