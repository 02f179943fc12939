import { CONFIG_LIMITS } from '../sources/config/compose.js';

/**
 * What one publish may carry. A published skill is stored like any other stored skill, so the
 * stored-skill limits apply: SKILL.md up to 1 MB, up to 50 text files of 256 KB beside it.
 */
export const PUBLISH_LIMITS = {
  skillMdBytes: CONFIG_LIMITS.contentBytes,
  fileBytes: CONFIG_LIMITS.ancillaryFileBytes,
  /** Every file beside SKILL.md together. */
  ancillaryTotalBytes: CONFIG_LIMITS.ancillaryTotalBytes,
  /** Files beside SKILL.md. */
  ancillaryFiles: CONFIG_LIMITS.ancillaryFiles,
  /** Upload slots one user may hold at once, so slots cannot fill the database. */
  pendingUploads: 200,
  uploadTtlMs: 60 * 60 * 1000,
};

/** The largest single upload any path may have: SKILL.md's limit. */
export const MAX_UPLOAD_BYTES = Math.max(PUBLISH_LIMITS.skillMdBytes, PUBLISH_LIMITS.fileBytes);

/** SKILL.md (or the CLI's alternative `skills.md`) at the root, in any case. */
export function isSkillMd(path: string): boolean {
  const lower = path.toLowerCase();
  return lower === 'skill.md' || lower === 'skills.md';
}

export function sizeLimitFor(path: string): number {
  return isSkillMd(path) ? PUBLISH_LIMITS.skillMdBytes : PUBLISH_LIMITS.fileBytes;
}

export function kb(bytes: number): string {
  return `${Math.ceil(bytes / 1024)} KB`;
}
