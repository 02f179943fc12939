import { execFileSync, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile, unlink, symlink } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createGzip, gunzipSync } from 'node:zlib';

/**
 * A real git server for tests: `git http-backend` (the CGI program git ships) behind a small
 * node:http server on a loopback port, serving bare repositories the test fills with real commits
 * through the git CLI. Repositories marked private ask for HTTP basic auth.
 */
export interface GitServer {
  url: string;
  root: string;
  /** A new repository with a working copy to commit from. */
  createRepo(name: string, options?: { private?: boolean }): Promise<TestRepo>;
  /** The bare repository behind a name. */
  barePath(name: string): string;
  /** Requests served, to tell whether something was fetched. */
  requests: string[];
  /** Repository names, one per `fetch` command served (the request that sends objects; `ls-remote` is not one). */
  fetches: string[];
  /**
   * Holds the next `count` fetch requests for `ms` before serving them (a slow host), or until the
   * client goes away when `ms` is Infinity. `held` lists the requests being held now.
   */
  stallFetches(count: number, ms: number): void;
  held: Set<string>;
  close(): Promise<void>;
}

export interface TestRepo {
  name: string;
  url: string;
  bare: string;
  work: string;
  /** Writes files (path → text), deletes those given as null. */
  write(files: Record<string, string | Buffer | null>): Promise<void>;
  symlink(linkPath: string, target: string): Promise<void>;
  /** Commits everything and pushes the branch (forced: a rewritten history is pushed as is). */
  commit(message: string, branch?: string): Promise<string>;
  tag(name: string): void;
  /** Rewrites the last commit (amend) and force-pushes it. */
  amend(message: string, branch?: string): Promise<string>;
  git(...args: string[]): string;
}

export const PRIVATE_USER = 'reader';
export const PRIVATE_PASSWORD = 'pw-s3cret-value';

const GIT_ENV = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  PATH: process.env.PATH ?? '',
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

export async function startGitServer(): Promise<GitServer> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'skillport-gitsrv-'));
  const privateRepos = new Set<string>();
  const requests: string[] = [];
  const fetches: string[] = [];
  const held = new Set<string>();
  let stall = { count: 0, ms: 0 };
  const backend = execFileSync('git', ['--exec-path'], { encoding: 'utf8' }).trim() + '/git-http-backend';
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(`${req.method} ${url.pathname}`);
    const repoName = url.pathname.split('/')[1]?.replace(/\.git$/, '') ?? '';
    // The request body is read whole first, to tell a fetch (protocol v2 `command=fetch`) from ls-refs.
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    if (req.method === 'POST' && url.pathname.endsWith('/git-upload-pack')) {
      const plain = req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
      if (plain.includes('command=fetch')) {
        fetches.push(repoName);
        if (stall.count > 0) {
          stall.count--;
          const id = `${repoName}#${fetches.length}`;
          held.add(id);
          await new Promise<void>((resolve) => {
            const timer = Number.isFinite(stall.ms) ? setTimeout(resolve, stall.ms) : undefined;
            res.once('close', () => {
              clearTimeout(timer);
              resolve();
            });
          });
          held.delete(id);
          if (res.destroyed) return;
        }
      }
    }
    if (privateRepos.has(repoName)) {
      const expected = `Basic ${Buffer.from(`${PRIVATE_USER}:${PRIVATE_PASSWORD}`).toString('base64')}`;
      if (req.headers.authorization !== expected) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="git"' });
        res.end('authentication required');
        return;
      }
    }
    const child = spawn(backend, [], {
      env: {
        ...GIT_ENV,
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: decodeURIComponent(url.pathname),
        REQUEST_METHOD: req.method ?? 'GET',
        QUERY_STRING: url.search.replace(/^\?/, ''),
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
        GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
        REMOTE_USER: privateRepos.has(repoName) ? PRIVATE_USER : '',
        REMOTE_ADDR: '127.0.0.1',
      },
    });
    // The backend may exit without reading a body it does not need.
    child.stdin.on('error', () => undefined);
    child.stdin.end(body);
    let head = Buffer.alloc(0);
    let headerDone = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (headerDone) return void res.write(chunk);
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) return;
      headerDone = true;
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of head.subarray(0, end).toString().split('\r\n')) {
        const colon = line.indexOf(':');
        const key = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (key.toLowerCase() === 'status') status = Number(value.split(' ')[0]);
        else headers[key] = value;
      }
      res.writeHead(status, headers);
      res.write(head.subarray(end + 4));
    });
    child.stdout.on('end', () => res.end());
    child.stderr.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    root,
    requests,
    fetches,
    held,
    stallFetches(count, ms) {
      stall = { count, ms };
    },
    barePath: (name) => path.join(root, `${name}.git`),
    async createRepo(name, options = {}) {
      const bare = path.join(root, `${name}.git`);
      execFileSync('git', ['init', '--bare', '--quiet', '--initial-branch=main', bare], { env: GIT_ENV });
      git(bare, 'config', 'uploadpack.allowFilter', 'true');
      git(bare, 'config', 'uploadpack.allowAnySHA1InWant', 'true');
      git(bare, 'config', 'http.receivepack', 'false');
      if (options.private) privateRepos.add(name);
      const work = await mkdtemp(path.join(os.tmpdir(), 'skillport-gitwork-'));
      git(work, 'init', '--quiet', '--initial-branch=main');
      const repo: TestRepo = {
        name,
        url: `${url}/${name}.git`,
        bare,
        work,
        git: (...args) => git(work, ...args),
        async write(files) {
          for (const [file, content] of Object.entries(files)) {
            const full = path.join(work, file);
            if (content === null) await unlink(full).catch(() => undefined);
            else {
              await mkdir(path.dirname(full), { recursive: true });
              await writeFile(full, content);
            }
          }
        },
        async symlink(linkPath, target) {
          const full = path.join(work, linkPath);
          await mkdir(path.dirname(full), { recursive: true });
          await symlink(target, full);
        },
        async commit(message, branch = 'main') {
          git(work, 'add', '-A');
          git(work, 'commit', '--quiet', '--allow-empty', '-m', message);
          git(work, 'push', '--quiet', '--force', bare, `HEAD:refs/heads/${branch}`);
          return git(work, 'rev-parse', 'HEAD');
        },
        tag(tagName) {
          git(work, 'tag', '-f', tagName);
          git(work, 'push', '--quiet', '--force', bare, `refs/tags/${tagName}`);
        },
        async amend(message, branch = 'main') {
          git(work, 'add', '-A');
          git(work, 'commit', '--quiet', '--amend', '-m', message);
          git(work, 'push', '--quiet', '--force', bare, `HEAD:refs/heads/${branch}`);
          return git(work, 'rev-parse', 'HEAD');
        },
      };
      return repo;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(root, { recursive: true, force: true });
    },
  };
}

/**
 * A stand-in for GitHub's REST API, answering the calls Skillport makes with GitHub's shapes:
 * `GET /repos/{owner}/{repo}`, `GET /repos/{owner}/{repo}/commits/{ref}` and
 * `GET /repos/{owner}/{repo}/tarball/{ref}` (a redirect to a codeload-like URL serving
 * `git archive` output, as GitHub does). Repositories are the git server's bare ones, named
 * `owner/repo` → `<owner>-<repo>`; private ones need `Authorization: Bearer <token>`.
 */
export interface GitHubStandIn {
  url: string;
  requests: Array<{ path: string; authorization: string | undefined }>;
  /** Makes `owner/repo` private, readable with `token`. */
  setPrivate(fullName: string, token: string): void;
  /** Makes every answer wait this long (a host that hangs). */
  hang(ms: number): void;
  close(): Promise<void>;
}

export async function startGitHubStandIn(gitServer: GitServer): Promise<GitHubStandIn> {
  const tokens = new Map<string, string>();
  const requests: GitHubStandIn['requests'] = [];
  let delay = 0;
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push({ path: url.pathname, authorization: req.headers.authorization });
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const codeload = /^\/_codeload\/([^/]+)\/([^/]+)\/legacy\.tar\.gz\/([0-9a-f]{40})$/.exec(url.pathname);
    if (codeload) {
      const [, owner, repo, sha] = codeload;
      const bare = gitServer.barePath(`${owner}-${repo}`);
      res.writeHead(200, { 'content-type': 'application/x-gzip' });
      const archive = spawn('git', ['archive', '--format=tar', `--prefix=${owner}-${repo}-${sha!.slice(0, 7)}/`, sha!], { cwd: bare, env: GIT_ENV });
      archive.stdout.pipe(createGzip()).pipe(res);
      return;
    }
    const match = /^\/repos\/([^/]+)\/([^/]+)(?:\/(commits|tarball)\/(.+))?$/.exec(url.pathname);
    if (!match) return json(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    const [, owner, repo, kind, ref] = match;
    const fullName = `${owner}/${repo}`;
    const bare = gitServer.barePath(`${owner}-${repo}`);
    let exists = true;
    try {
      git(bare, 'rev-parse', '--git-dir');
    } catch {
      exists = false;
    }
    const token = tokens.get(fullName);
    if (req.headers.authorization !== undefined && token !== undefined && req.headers.authorization !== `Bearer ${token}`) return json(401, { message: 'Bad credentials' });
    if (!exists || (token !== undefined && req.headers.authorization !== `Bearer ${token}`)) return json(404, { message: 'Not Found' });
    if (!kind) return json(200, { id: 1, full_name: fullName, private: token !== undefined, default_branch: 'main' });
    let sha: string;
    try {
      sha = git(bare, 'rev-parse', '--verify', `${decodeURIComponent(ref!)}^{commit}`);
    } catch {
      return json(422, { message: `No commit found for SHA: ${decodeURIComponent(ref!)}` });
    }
    if (kind === 'commits') return json(200, { sha, commit: { message: git(bare, 'log', '-1', '--format=%s', sha) } });
    res.writeHead(302, { location: `${(req.headers.host ? `http://${req.headers.host}` : '')}/_codeload/${owner}/${repo}/legacy.tar.gz/${sha}` });
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    setPrivate: (fullName, token) => void tokens.set(fullName, token),
    hang: (ms) => void (delay = ms),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
