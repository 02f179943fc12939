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
