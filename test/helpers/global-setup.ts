import { ensureClients } from './clients.js';

/**
 * Before any test file loads: the real clients are installed once (some files import the clawhub
 * package's own modules at load time, and parallel workers must not each run npm ci).
 */
export default function setup(): void {
  ensureClients();
}
