import path from 'node:path';
import { AuditService, CONSOLE, type ActionContext } from '../auth/audit.js';
import { IdentityService } from '../auth/identity-service.js';
import { SYSTEM } from '../auth/principal.js';
import { loadConfig } from '../config.js';
import { openStore, redactUrl, type Store } from '../store/index.js';
import { AppError } from '../util/app-error.js';

/**
 * The operator at the console. Identity commands open the store directly and act as the system
 * principal; every change they make is audited with actor_kind `system`.
 */
export const OPERATOR: ActionContext = { principal: SYSTEM, ...CONSOLE };

/** What to tell an operator whose database has no users yet. */
export const NO_USERS_HINT =
  'the database has no users yet; start the server once (skillport serve) to create the owner and its key, or create a user with skillport users create';

/**
 * Runs identity work against the configured store: loads the config from the environment, opens
 * the store, builds the services, runs `work`, and closes the store. An AppError (a refusal or bad
 * input, decided by IdentityService) becomes one line on stderr and exit code 1; a ConfigError is
 * left to main.ts, which reports it the same way with exit code 2. Anything else is a bug and
 * keeps its stack trace.
 */
export async function withIdentity(work: (identity: IdentityService, store: Store) => Promise<void>): Promise<void> {
  const config = loadConfig();
  let store: Store;
  try {
    store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  } catch (err) {
    const where = config.databaseUrl ? redactUrl(config.databaseUrl) : path.join(config.dataDir, 'skillport.db');
    fail(`cannot open the database at ${where}: ${err instanceof Error ? err.message : String(err)}`);
    return;
  }
  try {
    const identity = new IdentityService(store, new AuditService(store));
    await work(identity, store);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    fail(err.message);
  } finally {
    await store.close();
  }
}

/** One line on stderr, exit code 1 once the process ends (stdout is flushed first). */
export function fail(message: string): void {
  process.stderr.write(`skillport: ${firstLine(message)}\n`);
  process.exitCode = 1;
}

/** A refusal raised by the CLI itself (missing input the service cannot infer). */
export function usage(message: string): AppError {
  return new AppError(400, 'invalid_request', message);
}

/**
 * Adds the id the operator typed to a service's "User not found" / "Team not found" / "API key
 * not found", so the one-line message says which one was missing.
 */
export function naming(err: unknown, ids: Partial<Record<'User' | 'Team' | 'API key' | 'Team member' | 'Share', string>>): unknown {
  if (!(err instanceof AppError) || err.statusCode !== 404) return err;
  const match = /^(.+) not found$/.exec(err.message);
  const id = match ? ids[match[1] as keyof typeof ids] : undefined;
  if (id === undefined) return err;
  return new AppError(err.statusCode, err.code, `${err.message}: "${id}"`, err.extra, err.headers);
}

/** Runs a service call, naming the missing thing when it reports one not found. */
export async function named<T>(ids: Parameters<typeof naming>[1], call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw naming(err, ids);
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

export function print(text: string): void {
  process.stdout.write(text + '\n');
}

function firstLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
