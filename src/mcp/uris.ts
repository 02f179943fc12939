import { McpError, ErrorCode } from '@modelcontextprotocol/sdk/types.js';

/** `skill://{name}/{path}` (the version a bare name resolves to) or `skill://{name}@{version}/{path}`. */
export interface SkillUri {
  /** `name` or `name@version`, as the catalog resolves it. */
  ref: string;
  name: string;
  version: string | null;
  /** Path inside the skill, `/`-separated, never empty, never leaving the skill. */
  path: string;
}

export const SCHEME = 'skill://';

export function skillUri(name: string, path: string, version?: string): string {
  const authority = version === undefined ? encodeURIComponent(name) : `${encodeURIComponent(name)}@${encodeURIComponent(version)}`;
  return `${SCHEME}${authority}/${path.split('/').map(encodeURIComponent).join('/')}`;
}

const invalid = (uri: string, why: string) =>
  new McpError(ErrorCode.InvalidParams, `Invalid skill URI ${JSON.stringify(uri.slice(0, 300))}: ${why}. Use skill://{name}/{path} or skill://{name}@{version}/{path}, for example skill://code-review/SKILL.md`);

/** Reads a skill URI, refusing anything that could name a file outside the skill. */
export function parseSkillUri(uri: string): SkillUri {
  if (typeof uri !== 'string' || !uri.startsWith(SCHEME)) throw invalid(String(uri), 'it does not start with skill://');
  if (uri.length > 2048) throw invalid(uri, 'it is longer than 2048 characters');
  const rest = uri.slice(SCHEME.length);
  if (/[?#\\]/.test(rest)) throw invalid(uri, 'it contains ?, # or a backslash');
  const slash = rest.indexOf('/');
  if (slash <= 0 || slash === rest.length - 1) throw invalid(uri, 'it names no file inside the skill');
  const authority = decode(uri, rest.slice(0, slash));
  // Decoded before it is checked, so an encoded `%2F..%2F` is caught like a plain `/../`; a path
  // a template expanded with its slashes encoded reads the same as one written out.
  const segments = rest.slice(slash + 1).split('/').map((segment) => decode(uri, segment)).join('/').split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..' || segment.includes('\\') || segment.includes('\0'))) {
    throw invalid(uri, 'its path has an empty, "." or ".." segment');
  }
  const at = authority.lastIndexOf('@');
  const name = at > 0 ? authority.slice(0, at) : authority;
  const version = at > 0 ? authority.slice(at + 1) : null;
  if (name === '' || version === '') throw invalid(uri, 'its skill name or version is empty');
  return { ref: authority, name, version, path: segments.join('/') };
}

function decode(uri: string, text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw invalid(uri, 'its percent-encoding is malformed');
  }
}

/** A skill reference (`name` or `name@version`) as a tool argument: no path characters. */
export function checkSkillRef(ref: string): string | null {
  if (ref.trim() === '') return 'the name is empty';
  if (/[/\\\0]/.test(ref) || ref.includes('..')) return 'a skill name cannot contain "/", "\\" or ".."; pass the name alone, such as code-review or code-review@1.2.0';
  return null;
}

/** A file path argument: relative, inside the skill. */
export function checkFilePath(path: string): string | null {
  const segments = path.split('/');
  if (path === '' || path.startsWith('/') || path.includes('\\') || path.includes('\0') || segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    return 'the path must be relative to the skill folder, with "/" separators and no "." or ".." segments, such as SKILL.md or references/guide.md';
  }
  return null;
}
