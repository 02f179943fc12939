import { badRequest } from '../util/app-error.js';

/** Where a repository lives and how to reach it. */
export type RepositoryLocation =
  | { kind: 'github'; owner: string; repo: string; /** `owner/repo`, as shown in provenance */ display: string }
  | { kind: 'git'; url: string; display: string };

export interface LocatedRepository {
  location: RepositoryLocation;
  /** A ref named in the URL (`/tree/<ref>/<path>`), if any. */
  ref?: string;
  /** A path named in the URL, if any. */
  path?: string;
}

const NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/**
 * Reads what a caller gave as a repository: GitHub shorthand (`owner/repo`), a GitHub URL
 * (`https://github.com/owner/repo`, `.git`, `/tree/<ref>/<path>`), or any https (or http) URL of a
 * git repository. `githubHosts` are the web hosts served by the configured GitHub API (github.com,
 * or a GitHub Enterprise host). Credentials in a URL are refused: they would end up in logs and
 * stored rows; a credential is named by `credentials_ref` instead.
 */
export function locateRepository(input: string, githubHosts: readonly string[]): LocatedRepository {
  const text = input.trim();
  if (text === '' || text.length > 2000) throw badRequest('repository must be owner/repo or an https URL of a git repository');
  const shorthand = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?$/.exec(text);
  if (shorthand && !text.includes(':')) return { location: github(shorthand[1]!, shorthand[2]!) };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw badRequest(`repository ${JSON.stringify(text.slice(0, 200))} is neither owner/repo nor a URL; give e.g. acme/skills or https://git.example.com/team/skills.git`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw badRequest(`repository URLs must use https (or http), not ${url.protocol.replace(':', '')}; ssh and file URLs are not fetched`);
  }
  if (url.username || url.password) {
    throw badRequest('repository URLs must not contain credentials; store the credential with POST /api/credentials and name it in credentials_ref');
  }
  url.hash = '';
  if (githubHosts.includes(url.host.toLowerCase())) {
    const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const [owner, rawRepo, kind, ref, ...rest] = segments;
    const repo = rawRepo?.replace(/\.git$/, '');
    if (!owner || !repo || !NAME.test(owner) || !NAME.test(repo)) throw badRequest(`GitHub URL ${JSON.stringify(text.slice(0, 200))} does not name owner/repo`);
    if (kind === undefined) return { location: github(owner, repo) };
    if ((kind === 'tree' || kind === 'blob') && ref) return { location: github(owner, repo), ref, ...(rest.length ? { path: rest.join('/') } : {}) };
    throw badRequest(`GitHub URL ${JSON.stringify(text.slice(0, 200))} is not a repository or a tree/<ref>/<path> URL`);
  }
  if (url.search) throw badRequest('repository URLs must not carry a query string');
  const clean = url.toString().replace(/\/+$/, '');
  return { location: { kind: 'git', url: clean, display: clean } };
}

function github(owner: string, repo: string): RepositoryLocation {
  return { kind: 'github', owner, repo, display: `${owner}/${repo}` };
}

/** Checks and normalises a path inside a repository: relative, no `..`, no empty segments. */
export function normalizeRepoPath(input: string): string {
  const trimmed = input.trim().replace(/^\/+|\/+$/g, '');
  if (trimmed === '' || trimmed === '.') return '';
  const segments = trimmed.split('/');
  if (trimmed.includes('\\') || trimmed.includes('\0') || segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw badRequest(`path ${JSON.stringify(input.slice(0, 200))} is not allowed: give a folder inside the repository such as skills/ops (no '..', no absolute paths)`);
  }
  return segments.join('/');
}

/** A ref as git and GitHub accept it: a branch, a tag or a commit id. */
export function checkRef(ref: string): string {
  const trimmed = ref.trim();
  if (
    trimmed === '' || trimmed.length > 250 || trimmed.startsWith('-') || trimmed.includes('..') || trimmed.endsWith('.lock') ||
    /[\s~^:?*[\\\x00-\x1f\x7f]/.test(trimmed) || trimmed.startsWith('/') || trimmed.endsWith('/') || trimmed.includes('@{')
  ) {
    throw badRequest(`ref ${JSON.stringify(ref.slice(0, 100))} is not a valid branch, tag or commit`);
  }
  return trimmed;
}
