import { execFile } from 'node:child_process';
import { ensureClients } from './clients.js';

/** Runs the real `skills` installer (on its Node 22) in `cwd` with `home` as HOME, without telemetry. */
export function runSkillsCli(args: string[], options: { cwd: string; home: string }): Promise<{ code: number; output: string }> {
  const { node, skills } = ensureClients();
  return new Promise((resolve) => {
    execFile(
      node,
      [skills, ...args],
      {
        cwd: options.cwd,
        timeout: 60_000,
        env: { PATH: process.env.PATH, HOME: options.home, XDG_CONFIG_HOME: `${options.home}/.config`, DISABLE_TELEMETRY: '1', DO_NOT_TRACK: '1', CI: '1', NO_COLOR: '1', TERM: 'dumb' },
      },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}
