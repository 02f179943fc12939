import { createGunzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import tar from 'tar-stream';
import { AppError } from '../util/app-error.js';
import { apiAuthorization, type GitCredential } from './credential.js';
import { outboundGet, readSmall, timedOut, type OutboundResponse } from './http-client.js';
import type { ImportLimits } from './limits.js';
import type { OutboundPolicy } from './outbound.js';
import { downloadTooLarge, refused, TreeCollector, type RepositorySnapshot } from './tree.js';

export interface GitHubFetch {
  apiUrl: string;
  owner: string;
  repo: string;
  ref?: string;
  paths: string[];
  credential?: GitCredential;
  limits: ImportLimits;
  policy: OutboundPolicy;
  signal: AbortSignal;
}

/**
 * A GitHub repository through the REST API: the repository (for its default branch), the commit a
 * ref points at, then one tarball of exactly that commit, streamed through the tree rules without
 * ever being unpacked as a whole. Three requests, however many files.
 */
function client(request: Omit<GitHubFetch, 'paths'>) {
  const base = request.apiUrl.replace(/\/+$/, '');
  const repoPath = `/repos/${encodeURIComponent(request.owner)}/${encodeURIComponent(request.repo)}`;
  const display = `${request.owner}/${request.repo}`;
  const headers: Record<string, string> = { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' };
  if (request.credential) headers.authorization = apiAuthorization(request.credential);
  const get = (p: string, extra: Record<string, string> = {}) => outboundGet(`${base}${p}`, { headers: { ...headers, ...extra }, policy: request.policy, signal: request.signal });
  return { get, repoPath, display };
}

/** The commit a ref (or the default branch) points at: one or two small API calls, no files. */
export async function resolveHead(request: Omit<GitHubFetch, 'paths'>) {
  const { get, repoPath, display } = client(request);
  let ref = request.ref;
  if (!ref) {
    const meta = await get(repoPath);
    const body = await readJson(meta, request);
    await failFor(meta, body, request, `repository ${display}`);
    ref = typeof body.default_branch === 'string' ? body.default_branch : 'main';
  }
  const commitAnswer = await get(`${repoPath}/commits/${encodeURIComponent(ref)}`);
  const commitBody = await readJson(commitAnswer, request);
  await failFor(commitAnswer, commitBody, request, `ref "${ref}" in ${display}`, true);
  const commit = typeof commitBody.sha === 'string' ? commitBody.sha : '';
  if (!/^[0-9a-f]{40}$/.test(commit)) throw new AppError(422, 'unexpected_answer', `GitHub answered the commit of "${ref}" without a commit id`);
  return { ref, commit, get, repoPath, display };
}

export async function fetchFromGitHub(request: GitHubFetch): Promise<RepositorySnapshot> {
  const { ref, commit, get, repoPath, display } = await resolveHead(request);
  const tarball = await get(`${repoPath}/tarball/${commit}`);
  if (tarball.status !== 200) {
    const body = await readJson(tarball, request);
    await failFor(tarball, body, request, `the files of ${display} at ${commit.slice(0, 12)}`);
  }
  const collector = await TreeCollector.create(request.paths, request.limits);
  try {
    await extractTarball(tarball, collector, request.limits, request.signal);
  } catch (err) {
    await collector.discard();
    if (request.signal.aborted) throw timedOut(tarball.url.host);
    throw err;
  }
  return collector.finish({ repository: display, ref, commit, via: 'github-api' });
}

async function readJson(response: OutboundResponse, request: Pick<GitHubFetch, 'signal'>): Promise<Record<string, unknown>> {
  try {
    const text = await readSmall(response.body);
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch (err) {
    if (request.signal.aborted) throw timedOut(response.url.host);
    if (err instanceof AppError) throw err;
    return {};
  }
}

/** GitHub's answers mapped to what the caller should do; a private repository looks like a missing one without credentials. */
async function failFor(response: OutboundResponse, body: Record<string, unknown>, request: Pick<GitHubFetch, 'credential'>, what: string, refLookup = false): Promise<void> {
  const status = response.status;
  if (status >= 200 && status < 300) return;
  const said = typeof body.message === 'string' ? ` (GitHub said: ${body.message.slice(0, 200)})` : '';
  if (status === 404 || (refLookup && status === 422)) {
    const hint = request.credential ? '' : '; if the repository is private, name a credential in credentials_ref';
    throw new AppError(404, refLookup ? 'ref_not_found' : 'repository_not_found', `GitHub found no ${what}${said}${hint}`);
  }
  if (status === 401) throw new AppError(403, 'host_auth_failed', `GitHub refused the credential for ${what} (401)${said}`, { host_status: 401 });
  if (status === 403 || status === 429) {
    const limited = response.headers['x-ratelimit-remaining'] === '0' || status === 429;
    throw new AppError(403, limited ? 'host_rate_limited' : 'host_forbidden', limited ? `GitHub's rate limit is used up for ${what}; try later or use a credential` : `GitHub refused access to ${what} (403)${said}`, { host_status: status });
  }
  throw new AppError(422, 'host_error', `GitHub answered ${status} for ${what}${said}`, { host_status: status });
}

/**
 * Streams a gzip tarball through the collector. GitHub's tarballs hold one top folder
 * (`owner-repo-<sha>/`) that is stripped; the download is counted before decompression so the
 * size limit holds however well it compresses, and the unpacked bytes are bounded too.
 */
async function extractTarball(response: OutboundResponse, collector: TreeCollector, limits: ImportLimits, signal: AbortSignal): Promise<void> {
  let downloaded = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      downloaded += chunk.length;
      if (downloaded > limits.maxDownloadBytes) return done(downloadTooLarge(limits));
      done(null, chunk);
    },
  });
  const extract = tar.extract();
  let unpacked = 0;
  const consume = (async () => {
    for await (const entry of extract) {
      const header = entry.header;
      const full = header.name.replace(/^\.\//, '');
      const slash = full.indexOf('/');
      const repoPath = slash === -1 ? '' : full.slice(slash + 1).replace(/\/+$/, '');
      if (repoPath === '' || header.type === 'directory' || header.type === null) {
        entry.resume();
        continue;
      }
      collector.checkPath(repoPath);
      if (header.type === 'symlink' || header.type === 'link') {
        entry.resume();
        collector.link(repoPath, header.type === 'symlink' ? 'symbolic' : 'hard', header.linkname ?? '');
        continue;
      }
      if (header.type !== 'file' && header.type !== 'contiguous-file') {
        entry.resume();
        if (collector.wants(repoPath)) throw refused('unsupported_entry', `the repository holds ${repoPath}, which is not a regular file (${header.type})`);
        continue;
      }
      const size = header.size ?? 0;
      collector.countFile(repoPath, size);
      if (!collector.wants(repoPath)) {
        entry.resume();
        continue;
      }
      unpacked += size;
      if (unpacked > limits.maxDownloadBytes * 4) throw downloadTooLarge(limits);
      const chunks: Buffer[] = [];
      for await (const chunk of entry as AsyncIterable<Buffer>) chunks.push(chunk);
      await collector.write(repoPath, Buffer.concat(chunks));
    }
  })();
  // A failure on either side stops both: the pipeline's error, or the consumer's refusal.
  const flow = pipeline(response.body, counter, createGunzip(), extract, { signal }).catch((err: unknown) => {
    extract.destroy(err as Error);
    throw err;
  });
  const results = await Promise.allSettled([consume, flow]);
  const consumeFailure = results[0].status === 'rejected' ? results[0].reason : undefined;
  const flowFailure = results[1].status === 'rejected' ? results[1].reason : undefined;
  if (consumeFailure instanceof AppError) {
    response.body.destroy();
    throw consumeFailure;
  }
  if (flowFailure instanceof AppError) throw flowFailure;
  const failure = consumeFailure ?? flowFailure;
  if (failure) {
    if (signal.aborted) throw timedOut(response.url.host);
    const code = (failure as NodeJS.ErrnoException).code ?? '';
    if (code.startsWith('Z_') || /gzip|header|tar/i.test(String((failure as Error).message))) {
      throw new AppError(422, 'bad_archive', `GitHub's tarball could not be read (${(failure as Error).message.slice(0, 200)})`);
    }
    throw failure;
  }
}
