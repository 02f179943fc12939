import { createHash } from 'node:crypto';

/**
 * The `clawhub` CLI's fingerprint of a skill folder, computed the way the CLI computes it
 * (`buildSkillFingerprint` in its skills module): the sha256 hex of `path:sha256hex` lines, one
 * per file, sorted by `localeCompare` and joined with `\n`. The CLI hashes what it installed and
 * asks `resolve` which version that is, so the server must hash the very same list: the files of
 * the version's zip, minus those the CLI never hashes (any path with a segment starting with `.`).
 */
export function skillFingerprint(files: Iterable<{ path: string; sha256: string }>): string {
  const lines = [...files]
    .filter((file) => file.path !== '' && file.sha256 !== '' && counted(file.path))
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((file) => `${file.path}:${file.sha256}`);
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

/** Whether the CLI hashes a file: it skips dot files and everything under dot folders. */
export function counted(path: string): boolean {
  return !path.split('/').some((segment) => segment.startsWith('.'));
}

/** The hex digest of bytes, as the CLI declares each file. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export const FINGERPRINT_FORMAT = /^[a-f0-9]{64}$/;
