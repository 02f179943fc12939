import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../util/app-error.js';
import { gitAuthorization, scrub, type GitCredential } from './credential.js';
import { timedOut } from './http-client.js';
import type { ImportLimits } from './limits.js';
import { resolveAllowed, type OutboundPolicy } from './outbound.js';
import { downloadTooLarge, TreeCollector, type RepositorySnapshot } from './tree.js';

export interface GitFetch {
  url: string;
  ref?: string;
  paths: string[];
  credential?: GitCredential;
  limits: ImportLimits;
  policy: OutboundPolicy;
  signal: AbortSignal;
  /** The git program; `git` from PATH unless set. */
  gitBinary?: string;
}

interface GitRun {
  stdout: Buffer;
  stderr: string;
  code: number | null;
}

/**
 * Any git host over the smart HTTP protocol, through the system `git`:
 *
 * - into a bare repository that is never checked out, so no hook, filter, attribute or
 *   submodule ever runs, and no link is ever created on disk: files are read from git's object
 *   store (`ls-tree`, `cat-file`) and written by the tree collector, which enforces the rules;
 * - shallow (`--depth=1`), one ref, no tags, blobs over the per-file limit left on the server
 *   (`--filter=blob:limit`, where the server supports filters);
 * - with a configuration of its own: no system or user config, no credential helpers or
 *   prompts, hooks pointed at /dev/null, only the http(s) protocols, no redirects (a redirect
 *   could lead past the address check), and the host pinned to the address that was checked;
 * - with the credential passed as an HTTP header through the environment, never on the command
 *   line (where `ps` would show it), and scrubbed from any message git prints.
 */
interface Sandbox {
  url: URL;
  work: string;
  env: NodeJS.ProcessEnv;
}

/** A private HOME and a configuration of its own for one git run against one host (see fetchWithGit). */
async function sandbox(request: Pick<GitFetch, 'url' | 'credential' | 'policy'>): Promise<Sandbox> {
  const url = new URL(request.url);
  const address = await resolveAllowed(url.hostname, request.policy);
  const work = await mkdtemp(path.join(os.tmpdir(), 'skillport-git-'));
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const config: Array<[string, string]> = [
    ['core.hooksPath', '/dev/null'],
    ['core.fsmonitor', 'false'],
    ['credential.helper', ''],
    ['protocol.allow', 'never'],
    ['protocol.https.allow', 'always'],
    ['protocol.http.allow', 'always'],
    ['protocol.version', '2'],
    ['http.followRedirects', 'false'],
    ['transfer.fsckObjects', 'true'],
    ['fetch.recurseSubmodules', 'false'],
    ['gc.auto', '0'],
    ['maintenance.auto', 'false'],
    ['advice.detachedHead', 'false'],
  ];
  if (!/^\[?[0-9a-f.:]+\]?$/i.test(url.hostname)) config.push(['http.curloptResolve', `${url.hostname}:${port}:${address.includes(':') ? `[${address}]` : address}`]);
  if (request.credential) config.push(['http.extraHeader', `Authorization: ${gitAuthorization(request.credential)}`]);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: work,
    LANG: 'C',
    LC_ALL: 'C',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
    GIT_ALLOW_PROTOCOL: 'https:http',
    GIT_PROTOCOL_FROM_USER: '0',
    GIT_LFS_SKIP_SMUDGE: '1',
    GIT_CONFIG_COUNT: String(config.length),
  };
  config.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  return { url, work, env };
}

/** The commit a ref points at on the host, asked without fetching anything (`git ls-remote`). */
export async function remoteHeadWithGit(request: Omit<GitFetch, 'paths'>): Promise<{ ref: string; commit: string }> {
  const { url, work, env } = await sandbox(request);
  try {
    const wanted = request.ref ?? 'HEAD';
    if (/^[0-9a-f]{40}$/.test(wanted)) return { ref: wanted, commit: wanted };
    const run = await runGit(request.gitBinary ?? 'git', ['ls-remote', '--symref', request.url, wanted], env, request.signal, undefined, undefined);
    if (run.code !== 0) throw gitFailure(scrub(run.stderr, request.credential), url, { ...request, paths: [] }, `ref "${wanted}"`);
    // `--symref` adds a `ref: refs/heads/<branch>\tHEAD` line before the commit lines: skipped here.
    const lines = run.stdout.toString().split('\n').filter((l) => /^[0-9a-f]{40}\t/.test(l));
    const branch = /^ref: refs\/heads\/(\S+)\s+HEAD/m.exec(run.stdout.toString())?.[1];
    // A branch or tag of that name; an annotated tag's peeled line names the commit itself.
    const pick = (suffix: string) => lines.find((l) => l.endsWith(`\t${suffix}`))?.split('\t')[0];
    const commit = request.ref
      ? pick(`refs/tags/${wanted}^{}`) ?? pick(`refs/heads/${wanted}`) ?? pick(`refs/tags/${wanted}`) ?? pick(wanted)
      : pick('HEAD');
    if (!commit) throw new AppError(404, 'ref_not_found', `${url.host} has no ref "${wanted}" in ${request.url}`);
    return { ref: request.ref ?? branch ?? 'HEAD', commit };
  } catch (err) {
    if (request.signal.aborted) throw timedOut(url.host);
    throw err;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

export async function fetchWithGit(request: GitFetch): Promise<RepositorySnapshot> {
  const { url, work, env } = await sandbox(request);
  const gitDir = path.join(work, 'repo.git');
  const git = (args: string[], options: { input?: string; watchSize?: boolean } = {}) => runGit(request.gitBinary ?? 'git', args, env, request.signal, options.input, options.watchSize ? { dir: gitDir, limit: request.limits.maxDownloadBytes } : undefined);
  const fail = (run: GitRun, what: string) => gitFailure(scrub(run.stderr, request.credential), url, request, what);
  let collector: TreeCollector | undefined;
  try {
    const init = await git(['init', '--bare', '--quiet', gitDir]);
    if (init.code !== 0) throw new Error(`git init failed: ${init.stderr}`);
    const inRepo = (args: string[], options?: { input?: string; watchSize?: boolean }) => git(['--git-dir', gitDir, ...args], options);
    // Written directly rather than through `git config`: each git process costs tens of milliseconds.
    const configFile = path.join(gitDir, 'config');
    const remote = `[remote "origin"]\n\turl = ${JSON.stringify(request.url)}\n`;
    await writeFile(configFile, `[core]\n\trepositoryformatversion = 1\n\tbare = true\n[extensions]\n\tpartialClone = origin\n${remote}\tpromisor = true\n`);
    let ref = request.ref;
    if (!ref) {
      const head = await inRepo(['ls-remote', '--symref', 'origin', 'HEAD'], { watchSize: true });
      if (head.code !== 0) throw fail(head, 'the repository');
      ref = /^ref: refs\/heads\/(\S+)\s+HEAD/m.exec(head.stdout.toString())?.[1] ?? 'HEAD';
    }
    const fetched = await inRepo(
      ['fetch', '--quiet', '--depth=1', '--no-tags', '--no-write-fetch-head', '--recurse-submodules=no', `--filter=blob:limit=${request.limits.maxFileBytes + 1}`, 'origin', `+${ref}:refs/skillport/import`],
      { watchSize: true },
    );
    if (fetched.code !== 0) throw fail(fetched, `ref "${ref}"`);
    // Blobs left on the server stay missing: no longer a partial clone, nothing fetches them lazily.
    await writeFile(configFile, `[core]\n\trepositoryformatversion = 0\n\tbare = true\n${remote}`);
    const commit = (await inRepo(['rev-parse', '--verify', 'refs/skillport/import^{commit}'])).stdout.toString().trim();
    if (!/^[0-9a-f]{40}$/.test(commit)) throw new AppError(422, 'unexpected_answer', `the host's answer for "${ref}" holds no commit`);

    collector = await TreeCollector.create(request.paths, request.limits);
    const listing = await inRepo(['ls-tree', '-r', '-z', '--full-tree', commit]);
    if (listing.code !== 0) throw new Error(`git ls-tree failed: ${listing.stderr}`);
    const blobs: Array<{ oid: string; path: string }> = [];
    const links: Array<{ oid: string; path: string }> = [];
    for (const record of listing.stdout.toString('utf8').split('\0')) {
      if (!record) continue;
      const tab = record.indexOf('\t');
      const [mode, type, oid] = record.slice(0, tab).split(' ');
      const repoPath = record.slice(tab + 1);
      collector.checkPath(repoPath);
      if (type === 'commit') collector.submodule(repoPath);
      else if (mode === '120000') links.push({ oid: oid!, path: repoPath });
      else if (type === 'blob' && collector.wants(repoPath)) blobs.push({ oid: oid!, path: repoPath });
    }
    // Counted before any content is read, so a tree of 100,000 files is refused at once.
    if (blobs.length > request.limits.maxFiles) collector.countFile(blobs[request.limits.maxFiles]!.path, 0);
    const wanted = [...links, ...blobs];
    const contents = await inRepo(['cat-file', '--batch'], { input: wanted.map((b) => `${b.oid}\n`).join('') });
    let offset = 0;
    const out = contents.stdout;
    for (const [i, blob] of wanted.entries()) {
      const newline = out.indexOf(0x0a, offset);
      const header = out.subarray(offset, newline).toString();
      offset = newline + 1;
      // A blob the size filter left on the server is larger than the per-file limit.
      const size = header.endsWith(' missing') ? request.limits.maxFileBytes + 1 : Number(header.split(' ')[2]);
      if (!header.startsWith(blob.oid) || !Number.isFinite(size)) throw new Error(`unexpected git cat-file output for ${blob.path}`);
      const content = header.endsWith(' missing') ? Buffer.alloc(0) : out.subarray(offset, offset + size);
      if (!header.endsWith(' missing')) offset += size + 1;
      if (i < links.length) {
        collector.link(blob.path, 'symbolic', content.toString('utf8') || '(unknown target)');
        continue;
      }
      collector.countFile(blob.path, size);
      await collector.write(blob.path, content);
    }
    const snapshot = collector.finish({ repository: request.url, ref, commit, via: 'git' });
    collector = undefined;
    return snapshot;
  } catch (err) {
    await collector?.discard();
    if (request.signal.aborted && !(err instanceof AppError && err.code === 'import_limit_exceeded')) throw timedOut(url.host);
    throw err;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** What git's complaint means for the caller. */
function gitFailure(stderr: string, url: URL, request: GitFetch, what: string): AppError {
  const said = stderr.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('warning:')).slice(-2).join(' ').slice(0, 300);
  const host = url.host;
  if (/couldn't find remote ref|not our ref|unadvertised object|invalid refspec|no such ref/i.test(stderr)) {
    return new AppError(404, 'ref_not_found', `${host} has no ${what} in ${request.url}`);
  }
  if (/Authentication failed|could not read Username|could not read Password|terminal prompts disabled|returned error: 401|HTTP 401/i.test(stderr)) {
    const hint = request.credential ? 'the credential named in credentials_ref was refused' : 'the repository needs credentials: name one in credentials_ref';
    return new AppError(403, 'host_auth_failed', `${host} answered 401 for ${request.url}: ${hint}`, { host_status: 401 });
  }
  if (/returned error: 403|HTTP 403/i.test(stderr)) return new AppError(403, 'host_forbidden', `${host} refused access to ${request.url} (403)`, { host_status: 403 });
  if (/not found|returned error: 404|HTTP 404|does not appear to be a git repository/i.test(stderr)) {
    return new AppError(404, 'repository_not_found', `${host} has no git repository at ${request.url}${request.credential ? '' : ' (if it is private, name a credential in credentials_ref)'}`);
  }
  if (/redirect/i.test(stderr)) return new AppError(422, 'redirect_refused', `${host} redirected the request for ${request.url}; give the repository's final URL`);
  if (/Could not resolve host|Failed to connect|Connection refused|Connection timed out|Couldn't connect|SSL|Recv failure|Empty reply/i.test(stderr)) {
    return new AppError(422, 'host_unreachable', `could not reach ${host}: ${said}`);
  }
  return new AppError(422, 'git_failed', `git could not fetch ${what} from ${request.url}: ${said || 'no message'}`);
}

/** Runs git with its output collected; aborting the signal (or outgrowing the download limit) kills it. */
function runGit(binary: string, args: string[], env: NodeJS.ProcessEnv, signal: AbortSignal, input: string | undefined, watch: { dir: string; limit: number } | undefined): Promise<GitRun> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error('aborted'));
    const child = spawn(binary, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    let overLimit = false;
    const kill = () => child.kill('SIGKILL');
    signal.addEventListener('abort', kill, { once: true });
    const timer = watch
      ? setInterval(() => {
          void dirSize(watch.dir).then((size) => {
            if (size > watch.limit) {
              overLimit = true;
              kill();
            }
          });
        }, 200)
      : undefined;
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      if (err.length < 64 * 1024) err += chunk.toString();
    });
    child.on('error', (e) => {
      cleanup();
      reject(e);
    });
    child.on('close', (code) => {
      cleanup();
      if (overLimit) return reject(downloadTooLarge({ maxDownloadBytes: watch!.limit } as ImportLimits));
      if (signal.aborted) return reject(new Error('aborted'));
      resolve({ stdout: Buffer.concat(out), stderr: err, code });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? '');
    function cleanup() {
      signal.removeEventListener('abort', kill);
      if (timer) clearInterval(timer);
    }
  });
}

async function dirSize(dir: string): Promise<number> {
  let total = 0;
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const info = await stat(path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name)).catch(() => null);
    total += info?.size ?? 0;
  }
  return total;
}

