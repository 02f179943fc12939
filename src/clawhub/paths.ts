import { badRequest } from '../util/app-error.js';

/**
 * A published file's path: relative to the skill folder, `/`-separated, no `..`, `.` or empty
 * segments, no backslashes or control characters. Refused with the reason otherwise.
 */
export function checkPublishPath(raw: string): string {
  const shown = JSON.stringify(raw.slice(0, 200));
  // eslint-disable-next-line no-control-regex
  if (raw === '' || raw.length > 1024 || /[\u0000-\u001f\u007f\\]/.test(raw)) throw badRequest(`Invalid file path ${shown}: use a relative path with / between folders`);
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw)) throw badRequest(`Invalid file path ${shown}: paths are relative to the skill folder, not absolute`);
  const segments = raw.split('/');
  if (segments.includes('..')) throw badRequest(`Invalid file path ${shown}: a path may not contain "..", every file must stay inside the skill folder`);
  if (segments.some((segment) => segment === '' || segment === '.')) throw badRequest(`Invalid file path ${shown}: empty or "." segments are not allowed`);
  return raw;
}
