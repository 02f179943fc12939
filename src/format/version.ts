import semver from 'semver';

export const DEFAULT_VERSION = '1.0.0';

export type VersionReading =
  | { kind: 'exact'; version: string }
  | { kind: 'coerced'; version: string; from: string }
  | { kind: 'invalid'; from: string };

/**
 * Reads a frontmatter version as written. Strict semver is kept as is; near misses such as `1.0`,
 * `v2` or `1.2.3.4` are coerced (the caller warns); anything without a number is invalid.
 */
export function readVersion(written: string): VersionReading {
  const text = written.trim();
  if (text.length > 256) return { kind: 'invalid', from: text.slice(0, 40) + '...' };
  if (semver.valid(text) === text) return { kind: 'exact', version: text };
  const coerced = semver.coerce(text, { includePrerelease: true });
  if (coerced && /\d/.test(text)) return { kind: 'coerced', version: coerced.version, from: text };
  return { kind: 'invalid', from: text };
}

/** Descending semver order: newest first, a prerelease below its release. */
export function compareVersionsDesc(a: string, b: string): number {
  return semver.rcompare(a, b);
}

/**
 * Normalises a version given in a request (`name@1.0`) to the form stored in the catalog,
 * or returns null when it cannot name a version.
 */
export function normaliseRequestedVersion(requested: string): string | null {
  const reading = readVersion(requested);
  return reading.kind === 'invalid' ? null : reading.version;
}
