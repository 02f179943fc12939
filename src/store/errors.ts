import { ConflictError } from './records.js';

/** Turns a backend's unique-constraint error into a ConflictError; rethrows anything else. */
export function rethrowConflict(err: unknown, message: string): never {
  const code = (err as { code?: string }).code ?? '';
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new ConflictError(message);
  throw err;
}

/** True for a foreign key pointing at a row that does not exist. */
export function isMissingReference(err: unknown): boolean {
  const code = (err as { code?: string }).code ?? '';
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGES = [/connection terminated/i, /timeout exceeded when trying to connect/i, /not queryable/i, /connection .*(closed|ended)/i, /cannot use a pool after calling end/i];

/**
 * True when `err` says the database could not be reached or dropped the connection (rather than
 * refusing the statement): the request may succeed later, and nothing it wrote was committed.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let current = err, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    const code = String((current as { code?: unknown }).code ?? '');
    // PostgreSQL: connection exceptions (class 08), shutdown and start-up (57P0x), too many connections.
    if (/^08/.test(code) || /^57P0[123]$/.test(code) || code === '53300') return true;
    if (UNAVAILABLE_ERRNOS.has(code) || code === 'SQLITE_BUSY' || code === 'SQLITE_CANTOPEN') return true;
    const message = current instanceof Error ? current.message : '';
    if (UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
    if (current instanceof AggregateError && current.errors.some((inner) => isDatabaseUnavailable(inner))) return true;
  }
  return false;
}
