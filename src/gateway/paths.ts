/**
 * The one rule for file names inside a served skill: a relative POSIX path of plain segments.
 * Sources already keep to it (the directory walker lists files beneath the skill folder, stored
 * configs are checked on save), but an artifact is what lands on someone else's disk, so the rule
 * is enforced again here: nothing served or archived can name a place outside the skill folder.
 */
export function safeRelativePath(raw: string): string | null {
  if (raw === '' || raw.length > 1024) return null;
  // NUL and other control characters, backslashes (a separator on Windows) and drive letters.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(raw) || /^[A-Za-z]:/.test(raw)) return null;
  if (raw.startsWith('/')) return null;
  const parts = raw.split('/');
  if (parts.some((part) => part === '' || part === '.' || part === '..')) return null;
  return parts.join('/');
}
