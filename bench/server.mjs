/**
 * Child process: the real Skillport server as built (`npm run build`), the code `npm start` runs,
 * configured from the environment the parent passes (SKILLPORT_SKILLS_PATH, SKILLPORT_PORT,
 * SKILLPORT_LOG_LEVEL, SKILLPORT_DATA_DIR, SKILLPORT_WATCH). Plain JavaScript run by plain node:
 * code compiled on the fly by tsx carries helpers (such as esbuild's `__name` on every closure)
 * that the shipped build does not, and the benchmark measures what users run.
 * Prints `SKILLPORT_URL <url> <startup ms>` on stdout once it listens.
 */
import { performance } from 'node:perf_hooks';
import { createSkillport } from '../dist/app.js';
import { loadConfig } from '../dist/config.js';

const started = performance.now();
const app = await createSkillport(loadConfig(process.env));
const url = await app.listen();
process.stdout.write(`SKILLPORT_URL ${url} ${Math.round(performance.now() - started)}\n`);

let closing = false;
const shutdown = () => {
  if (closing) return;
  closing = true;
  const force = setTimeout(() => process.exit(0), 2000);
  force.unref();
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
// The parent going away (even by SIGKILL) closes our stdin: do not outlive it.
process.stdin.on('end', shutdown);
process.stdin.on('error', shutdown);
process.stdin.resume();
