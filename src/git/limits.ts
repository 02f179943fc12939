/** Bounds on what one import or hub sync may bring in; each refusal names the limit it hit. */
export interface ImportLimits {
  /** Bytes downloaded from the host (a tarball, or git's packs). */
  maxDownloadBytes: number;
  /** Files in the part of the repository being imported. */
  maxFiles: number;
  /** Bytes of any one file. */
  maxFileBytes: number;
  /** Files of one skill, SKILL.md included. */
  maxFilesPerSkill: number;
  /** Bytes of one skill, all its files together. */
  maxSkillBytes: number;
  /** Folders deep a path may go. */
  maxPathDepth: number;
  /** Time for the whole fetch. */
  timeoutMs: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxDownloadBytes: 200 * 1024 * 1024,
  maxFiles: 20_000,
  maxFileBytes: 5 * 1024 * 1024,
  maxFilesPerSkill: 200,
  maxSkillBytes: 10 * 1024 * 1024,
  maxPathDepth: 20,
  timeoutMs: 120_000,
};

/** The environment variable that sets each limit, named in refusals so an operator knows what to raise. */
export const LIMIT_VARIABLES: Record<keyof ImportLimits, string> = {
  maxDownloadBytes: 'SKILLPORT_IMPORT_MAX_DOWNLOAD_BYTES',
  maxFiles: 'SKILLPORT_IMPORT_MAX_FILES',
  maxFileBytes: 'SKILLPORT_IMPORT_MAX_FILE_BYTES',
  maxFilesPerSkill: 'SKILLPORT_IMPORT_MAX_FILES_PER_SKILL',
  maxSkillBytes: 'SKILLPORT_IMPORT_MAX_SKILL_BYTES',
  maxPathDepth: 'SKILLPORT_IMPORT_MAX_PATH_DEPTH',
  timeoutMs: 'SKILLPORT_IMPORT_TIMEOUT_MS',
};

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024) return `${(bytes / (1024 * 1024 * 1024)).toFixed(1)} GB`;
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
