/** Bounds that keep one hostile file from costing more than any honest one. */
export interface FormatLimits {
  /** Largest skill file read, in bytes. */
  maxFileBytes: number;
  /** Most YAML alias expansions allowed while reading frontmatter (defeats "billion laughs"). */
  maxAliasCount: number;
  /** Largest frontmatter block, in bytes. */
  maxFrontmatterBytes: number;
}

export const DEFAULT_LIMITS: FormatLimits = {
  maxFileBytes: 2 * 1024 * 1024,
  maxAliasCount: 100,
  maxFrontmatterBytes: 64 * 1024,
};

/** Agent Skills naming rule: lowercase letters, digits and single hyphens, at most 64 characters. */
export const CONFORMANT_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const CONFORMANT_NAME_MAX = 64;

/**
 * What a name must be to be served at all: usable as one URL path segment and as a folder name,
 * and never confusable with `name@version` or a path (`..`, `/`, NUL).
 */
export const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export const MAX_DESCRIPTION_CHARS = 1024;
export const MAX_BODY_LINES = 500;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function tooLargeMessage(bytes: number, limit: number): string {
  return `file is ${formatBytes(bytes)}; the limit is ${formatBytes(limit)}`;
}
