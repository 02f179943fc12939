#!/usr/bin/env node
// First, before any other module runs: see the module's comment.
import '../util/settle-next-tick.js';
import { Command } from 'commander';
import { packageVersion } from '../util/package-version.js';
import { ConfigError } from '../config.js';
import { exportCommand } from './commands/backup.js';
import { importCommand } from './commands/import.js';
import { keysCommand } from './commands/keys.js';
import { listCommand } from './commands/list.js';
import { mcpCommand } from './commands/mcp.js';
import { scanCommand } from './commands/scan.js';
import { serveCommand } from './commands/serve.js';
import { sharesCommand } from './commands/shares.js';
import { teamsCommand } from './commands/teams.js';
import { usersCommand } from './commands/users.js';
import { validateCommand } from './commands/validate.js';

const program = new Command()
  .name('skillport')
  .description('Self-hosted registry and gateway for agent skills')
  .version(await packageVersion())
  .showHelpAfterError();

serveCommand(program);
validateCommand(program);
scanCommand(program);
listCommand(program);
mcpCommand(program);
keysCommand(program);
usersCommand(program);
teamsCommand(program);
sharesCommand(program);
exportCommand(program);
importCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`skillport: ${err.message}\n`);
    process.exit(2);
  }
  throw err;
}
