import type { SkillEntry } from '../catalog/types.js';

/**
 * What a publish over the ClawHub API adds to a stored skill version, kept in the config's
 * `metadata.clawhub` (every revision keeps its own copy, so each version keeps its changelog).
 */
export interface PublishRecord {
  display_name?: string;
  changelog?: string;
  /** The CLI's fingerprint of the files as the publisher sent them. */
  published_fingerprint?: string;
  /**
   * The fingerprint of the files as stored. It differs from the one sent when the server wrote the
   * slug or version into SKILL.md's frontmatter; the sent one then still identifies this version,
   * for as long as the stored files are these.
   */
  fingerprint?: string;
  published_by?: string;
  published_at?: string;
}

export const METADATA_KEY = 'clawhub';

/** The publish record of an entry; fields of the wrong type are ignored, never trusted. */
export function publishRecordOf(entry: SkillEntry): PublishRecord {
  const raw = entry.manifest.metadata[METADATA_KEY];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
  const record: PublishRecord = {};
  const source = raw as Record<string, unknown>;
  for (const key of ['display_name', 'changelog', 'published_fingerprint', 'fingerprint', 'published_by', 'published_at'] as const) {
    const value = source[key];
    if (typeof value === 'string') record[key] = value;
  }
  return record;
}
