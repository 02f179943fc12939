import { execFile } from 'node:child_process';
import { ensureClients } from './clients.js';

/**
 * Runs the real `clawhub` CLI (on its Node 22) with `home` as HOME, so its config and token stay
 * in the test's own folder. `site` is where it discovers the registry (/.well-known/clawhub.json).
 */
export function runClawhub(args: string[], options: { home: string; cwd: string; site?: string; env?: Record<string, string> }): Promise<{ code: number; output: string }> {
  const { node, clawhub } = ensureClients();
  return new Promise((resolve) => {
    execFile(
      node,
      [clawhub, ...args],
      {
        cwd: options.cwd,
        timeout: 60_000,
        env: {
          PATH: process.env.PATH,
          HOME: options.home,
          XDG_CONFIG_HOME: `${options.home}/.config`,
          NO_COLOR: '1',
          TERM: 'dumb',
          CI: '1',
          ...(options.site ? { CLAWHUB_SITE: options.site } : {}),
          ...options.env,
        },
      },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}
