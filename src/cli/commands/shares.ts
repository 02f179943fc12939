import type { Command } from 'commander';
import { AuditService } from '../../auth/audit.js';
import { ShareService, type ShareView } from '../../auth/share-service.js';
import { loadConfig } from '../../config.js';
import { OPERATOR, named, print, printJson, withIdentity } from '../console.js';
import { table } from '../format.js';
import { splitList } from './keys.js';

interface CreateOptions {
  name?: string;
  team?: string;
  skills?: string;
  user?: string;
  expiresIn?: string;
  json?: boolean;
}

/**
 * Share links from the console: the operator acts on the configured database directly. A share
 * of named skills or of everything reads with a user's visibility (`--user`, default the owner);
 * the named skills are not checked against the catalog here, since the console holds none.
 */
export function sharesCommand(program: Command): void {
  const shares = program.command('shares').description('Create, list and revoke read-only share links for installers (acts on the configured database as the operator)');

  shares
    .command('create')
    .description('Create a share link and print it once; only its hash is stored')
    .option('--team <team>', "share what a member of this team sees")
    .option('--skills <names>', 'share only these skills (comma-separated)')
    .option('--user <id>', 'for --skills or everything: whose visibility the share reads with (default: the "owner" user)')
    .option('--name <name>', 'what the share is for')
    .option('--expires-in <duration>', 'lifetime such as 30d, 12h, 90m or a number of seconds (default: never expires)')
    .option('--json', 'print the token, its URL and the share record as JSON')
    .action((opts: CreateOptions) =>
      withIdentity(async (identity, store) => {
        const service = new ShareService(store, new AuditService(store), () => true, identity);
        const created = await named({ User: opts.user ?? 'owner' }, () =>
          service.create(OPERATOR, {
            ...(opts.name !== undefined ? { name: opts.name } : {}),
            ...(opts.team !== undefined ? { team: opts.team } : {}),
            ...(opts.skills !== undefined ? { skills: splitList(opts.skills) } : {}),
            ...(opts.expiresIn !== undefined ? { expires_in: opts.expiresIn } : {}),
            ...(opts.user !== undefined ? { created_by: opts.user } : {}),
          }),
        );
        const url = `${serverUrl()}/s/${created.token}`;
        if (opts.json) return printJson({ token: created.token, url, share: created.share });
        const s = created.share;
        print(`Created share ${s.id} "${s.name}": ${describe(s)}; expires: ${s.expires_at ?? 'never'}`);
        print('');
        print(`    ${url}`);
        print('');
        print(`Install from it:  npx skills add ${url}`);
        print('Copy it now: it cannot be shown again (only its hash is stored). Revoke it with skillport shares revoke ' + s.id);
      }),
    );

  shares
    .command('list')
    .description('List share links; never shows a token')
    .option('--json', 'print JSON instead of a table')
    .action((opts: { json?: boolean }) =>
      withIdentity(async (identity, store) => {
        const list = await new ShareService(store, new AuditService(store), () => true, identity).list(OPERATOR);
        if (opts.json) return printJson({ shares: list, count: list.length });
        const rows = [['ID', 'NAME', 'GIVES', 'BY', 'STATUS', 'EXPIRES', 'CREATED']];
        for (const s of list) rows.push([s.id, s.name, describe(s), s.created_by, s.status, s.expires_at ?? 'never', s.created_at]);
        print(table(rows));
        print(`${list.length} share(s)`);
      }),
    );

  shares
    .command('revoke')
    .description('Revoke a share link; it stops working at once, on every node')
    .argument('<id>', 'the share id (shr_…), as shown by skillport shares list')
    .action((id: string) =>
      withIdentity(async (identity, store) => {
        const share = await named({ Share: id }, () => new ShareService(store, new AuditService(store), () => true, identity).revoke(OPERATOR, id));
        print(`Revoked share ${share.id} "${share.name}"`);
      }),
    );
}

function describe(s: ShareView): string {
  if (s.kind === 'team') return `what team ${s.team ?? s.team_id} sees`;
  if (s.kind === 'skills') return `skills ${s.skills.join(', ')} as ${s.created_by} sees them`;
  return `everything ${s.created_by} may read`;
}

/** Where people reach the server: SKILLPORT_PUBLIC_URL, else the configured address. */
function serverUrl(): string {
  const config = loadConfig();
  if (config.publicUrl) return config.publicUrl;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
}
