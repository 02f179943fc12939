import type { Command } from 'commander';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { packageVersion } from '../../util/package-version.js';
import { runBridge } from '../../mcp/bridge.js';

export function mcpCommand(program: Command): void {
  program
    .command('mcp')
    .description('Run an MCP server on stdio that forwards to a Skillport server (for desktop clients that launch local processes); the key is read from SKILLPORT_KEY')
    .option('--server <url>', 'the Skillport server, such as https://skills.example.com (default: $SKILLPORT_SERVER)')
    .action(async (opts: { server?: string }) => {
      const server = opts.server ?? process.env.SKILLPORT_SERVER;
      const log = (line: string) => process.stderr.write(`skillport mcp: ${line}\n`);
      if (!server) {
        log('--server is required (or set SKILLPORT_SERVER), for example: skillport mcp --server http://127.0.0.1:8080');
        process.exit(2);
      }
      try {
        const bridge = await runBridge({ server, key: process.env.SKILLPORT_KEY || undefined, version: await packageVersion(), log }, new StdioServerTransport());
        const stop = () => void bridge.close().then(() => process.exit(0));
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        process.stdin.once('end', stop);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        const refused = (err as { code?: unknown }).code === 401 || /invalid_token|authentication_required/.test(message);
        log(`cannot reach ${server}: ${message}${refused ? ' (set SKILLPORT_KEY to an API key or token the server accepts)' : ''}`);
        process.exit(1);
      }
    });
}
