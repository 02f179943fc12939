import type { GitCredential } from './credential.js';
import { fetchWithGit, remoteHeadWithGit } from './git-cli.js';
import { fetchFromGitHub, resolveHead } from './github.js';
import type { ImportLimits } from './limits.js';
import { checkRef, locateRepository, normalizeRepoPath, type RepositoryLocation } from './locate.js';
import type { OutboundPolicy } from './outbound.js';
import type { RepositorySnapshot } from './tree.js';

export interface GitAccessOptions {
  /** GitHub's REST API (or a GitHub Enterprise one's, `https://host/api/v3`). */
  githubApiUrl: string;
  limits: ImportLimits;
  policy: OutboundPolicy;
}

export interface FetchRequest {
  repository: string;
  ref?: string;
  paths?: string[];
  credential?: GitCredential;
}

export interface ResolvedRequest {
  location: RepositoryLocation;
  ref?: string;
  paths: string[];
}

/** Web hosts whose repositories are read through the configured GitHub API. */
export function githubHosts(apiUrl: string): string[] {
  const api = new URL(apiUrl);
  const hosts = new Set(['github.com', 'www.github.com']);
  // GitHub Enterprise serves its API under the web host (https://ghe.example.com/api/v3).
  if (api.host !== 'api.github.com') hosts.add(api.host.toLowerCase());
  return [...hosts];
}

/** Reads and checks what a caller asked for, before anything is fetched. */
export function resolveRequest(request: FetchRequest, options: GitAccessOptions): ResolvedRequest {
  const located = locateRepository(request.repository, githubHosts(options.githubApiUrl));
  const ref = request.ref !== undefined ? checkRef(request.ref) : located.ref !== undefined ? checkRef(located.ref) : undefined;
  const given = request.paths && request.paths.length > 0 ? request.paths : located.path !== undefined ? [located.path] : [''];
  const paths = [...new Set(given.map(normalizeRepoPath))];
  // The whole repository covers every path.
  return { location: located.location, ref, paths: paths.includes('') ? [''] : paths };
}

/** Fetches one ref of a repository, only the paths asked for, within the limits and the time allowed. */
export async function fetchRepository(request: FetchRequest, options: GitAccessOptions): Promise<RepositorySnapshot> {
  const resolved = resolveRequest(request, options);
  const signal = AbortSignal.timeout(options.limits.timeoutMs);
  const common = { ref: resolved.ref, paths: resolved.paths, credential: request.credential, limits: options.limits, policy: options.policy, signal };
  if (resolved.location.kind === 'github') {
    return fetchFromGitHub({ ...common, apiUrl: options.githubApiUrl, owner: resolved.location.owner, repo: resolved.location.repo });
  }
  return fetchWithGit({ ...common, url: resolved.location.url });
}

/** The commit the requested ref points at now, without fetching any file: how a sync tells that nothing changed. */
export async function remoteHead(request: FetchRequest, options: GitAccessOptions): Promise<{ ref: string; commit: string }> {
  const resolved = resolveRequest(request, options);
  const signal = AbortSignal.timeout(options.limits.timeoutMs);
  const common = { ref: resolved.ref, credential: request.credential, limits: options.limits, policy: options.policy, signal };
  if (resolved.location.kind === 'github') {
    const head = await resolveHead({ ...common, apiUrl: options.githubApiUrl, owner: resolved.location.owner, repo: resolved.location.repo });
    return { ref: head.ref, commit: head.commit };
  }
  return remoteHeadWithGit({ ...common, url: resolved.location.url });
}
