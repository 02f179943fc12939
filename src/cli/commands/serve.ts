import type { Command } from 'commander';
import { loadConfig } from '../../config.js';

export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('Start the Skillport server')
    .option('--port <port>', 'port to listen on (default: $SKILLPORT_PORT or 8080)')
    .option('--host <host>', 'address to bind (default: $SKILLPORT_HOST or 127.0.0.1)')
    .option('--skills-path <dirs>', 'skills directories separated by ":" (default: $SKILLPORT_SKILLS_PATH or the bundled examples)')
    .option('--data-dir <dir>', 'state directory (default: $SKILLPORT_DATA_DIR or ./data)')
    .action(async (opts: { port?: string; host?: string; skillsPath?: string; dataDir?: string }) => {
      const env = { ...process.env };
      if (opts.port) env.SKILLPORT_PORT = opts.port;
      if (opts.host) env.SKILLPORT_HOST = opts.host;
      if (opts.skillsPath) env.SKILLPORT_SKILLS_PATH = opts.skillsPath;
      if (opts.dataDir) env.SKILLPORT_DATA_DIR = opts.dataDir;
      // Loaded here, so the other commands start without the whole server.
      const { createSkillport } = await import('../../app.js');
      const app = await createSkillport(loadConfig(env));
      const url = await app.listen();
      app.logger.info({ url, skills: app.catalog.snapshot().size }, `Skillport listening on ${url}`);
      if (app.firstStart?.generated) printOwnerKey(app.firstStart.key, url);

      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        app.logger.info({ signal }, 'shutting down');
        const force = setTimeout(() => process.exit(1), 10_000);
        force.unref();
        app.close().then(() => process.exit(0), () => process.exit(1));
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    });
}

/**
 * The one time the owner key is shown. It goes to the terminal, not through the logger, so log
 * pipelines never carry it; it is stored only as a hash and cannot be shown again.
 */
function printOwnerKey(key: string, url: string): void {
  const line = '='.repeat(78);
  process.stderr.write(
    `\n${line}\n  First start: an owner account was created. Its API key (shown only now):\n\n    ${key}\n\n` +
      `  Use it as:  curl -H "X-API-Key: ${key}" ${url}/api/v1/skills\n` +
      `  Lost it? Create another with:  skillport keys create --name admin --role owner --user owner\n${line}\n\n`,
  );
}
