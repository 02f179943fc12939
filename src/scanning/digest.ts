import { createHash } from 'node:crypto';
import type { SkillEntry } from '../catalog/index.js';
import type { RawSkillFile } from '../sources/types.js';

/**
 * One digest for everything a scan looks at: the skill file's hash and each file beside it. Two
 * skill versions with the same digest get the same scan result, so a result is stored and looked
 * up by digest, and an admin override approves one exact content, never "whatever comes next".
 */
export function contentDigest(contentHash: string, files: ReadonlyArray<{ path: string; sha256: string }>): string {
  const hash = createHash('sha256').update(contentHash);
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) hash.update(`\n${file.path}\0${file.sha256}`);
  return `sha256:${hash.digest('hex')}`;
}

const cache = new WeakMap<SkillEntry, string>();

export function entryDigest(entry: SkillEntry): string {
  let digest = cache.get(entry);
  if (digest === undefined) {
    digest = contentDigest(entry.contentHash, entry.files);
    cache.set(entry, digest);
  }
  return digest;
}

/** The digest of files as read, to tell whether they are still what the catalog entry describes. */
export function rawDigest(files: readonly RawSkillFile[]): string {
  const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
  const [main, ...rest] = files;
  return contentDigest(main ? `sha256:${sha(main.content)}` : '', rest.map((file) => ({ path: file.path, sha256: sha(file.content) })));
}

/** The digest of text content (a stored config, or content sent to be scanned). */
export function textDigest(skillContent: string, files: Record<string, string>): string {
  const sha = (text: string) => createHash('sha256').update(text).digest('hex');
  return contentDigest(`sha256:${sha(skillContent)}`, Object.entries(files).map(([path, text]) => ({ path, sha256: sha(text) })));
}

/** How catalog items and overrides name one version: `source:source_id`. */
export function entryId(entry: SkillEntry): string {
  return `${entry.source}:${entry.sourceId}`;
}
