import type { Command } from 'commander';
import type { ApiKeyView } from '../../auth/identity-service.js';
import type { Store } from '../../store/index.js';
import { AppError } from '../../util/app-error.js';
import { NO_USERS_HINT, OPERATOR, named, print, printJson, usage, withIdentity } from '../console.js';
import { table } from '../format.js';

/** The user a key is for when `--user` is not given: the one made on first start. */
const DEFAULT_USER = 'owner';

interface CreateOptions {
  name: string;
  user?: string;
  role?: string;
  scopes?: string;
  team?: string[];
  expiresIn?: string;
  json?: boolean;
}

export function keysCommand(program: Command): void {
  const keys = program
    .command('keys')
    .description('Create, list and revoke API keys (acts on the configured database as the operator)');

  keys
    .command('create')
    .description('Create an API key and print it once; only its hash is stored')
    .requiredOption('--name <name>', 'what the key is for, e.g. "ci" or "laptop"')
    .option('--user <id>', `whose key it is (default: the "${DEFAULT_USER}" user)`)
    .option('--role <role>', "viewer, member, admin or owner, at most the user's role (default: the user's role)")
    .option('--scopes <scopes>', 'comma-separated scopes to narrow the key to, e.g. skills:read,tasks:run (default: all of its role)')
    .option('--team <team>', "a team the key acts for; repeat for several (default: all of the user's teams)", collect)
    .option('--expires-in <duration>', 'lifetime such as 30d, 12h, 90m or a number of seconds (default: never expires)')
    .option('--json', 'print the created key and its record as JSON')
    .action((opts: CreateOptions) =>
      withIdentity(async (identity, store) => {
        const userId = opts.user ?? (await defaultUser(store));
        const scopes = opts.scopes === undefined ? undefined : splitList(opts.scopes);
        let created;
        try {
          created = await named({ User: userId }, () =>
            identity.createKey(OPERATOR, {
              name: opts.name,
              user_id: userId,
              ...(opts.role !== undefined ? { role: opts.role } : {}),
              ...(scopes !== undefined ? { scopes } : {}),
              ...(opts.team !== undefined ? { teams: opts.team } : {}),
              ...(opts.expiresIn !== undefined ? { expires_in: opts.expiresIn } : {}),
            }),
          );
        } catch (err) {
          if (err instanceof AppError && err.statusCode === 404 && (await store.users.count()) === 0) throw usage(`${err.message}; ${NO_USERS_HINT}`);
          throw err;
        }
        if (opts.json) return printJson(created);
        const k = created.api_key;
        print(`Created API key ${k.id} "${k.name}" for user ${k.user_id}`);
        print(`  role ${k.role}; scopes: ${k.scopes.length ? k.scopes.join(', ') : `all of the ${k.role} role`}; teams: ${k.teams.length ? k.teams.join(', ') : "all of the user's teams"}; expires: ${k.expires_at ?? 'never'}`);
        print('');
        print(`    ${created.key}`);
        print('');
        print('Copy it now: it cannot be shown again (only its hash is stored).');
      }),
    );

  keys
    .command('list')
    .description('List API keys (all of them, or one user\'s); never shows a key itself')
    .option('--user <id>', 'only the keys of this user')
    .option('--json', 'print JSON instead of a table')
    .action((opts: { user?: string; json?: boolean }) =>
      withIdentity(async (identity) => {
        let list: ApiKeyView[];
        if (opts.user !== undefined) {
          const userId = opts.user;
          await named({ User: userId }, () => identity.getUser(OPERATOR, userId));
          list = await identity.listKeys(OPERATOR, { user_id: userId });
        } else {
          list = await identity.listKeys(OPERATOR, { all: true });
        }
        if (opts.json) return printJson({ keys: list, count: list.length });
        const rows = [['ID', 'NAME', 'PREFIX', 'USER', 'ROLE', 'SCOPES', 'STATUS', 'EXPIRES', 'LAST USED']];
        for (const k of list) {
          rows.push([k.id, k.name, `sk_${k.prefix}…`, k.user_id, k.role, k.scopes.length ? k.scopes.join(',') : '(role)', k.status, k.expires_at ?? 'never', k.last_used_at ?? 'never']);
        }
        print(table(rows));
        print(`${list.length} key(s)`);
      }),
    );

  keys
    .command('revoke')
    .description('Revoke an API key; it stops working at once')
    .argument('<id>', 'the key id (key_…), as shown by skillport keys list')
    .action((id: string) =>
      withIdentity(async (identity) => {
        const key = await named({ 'API key': id }, () => identity.revokeKey(OPERATOR, id));
        print(`Revoked API key ${key.id} "${key.name}" (sk_${key.prefix}…) of user ${key.user_id}`);
      }),
    );
}

async function defaultUser(store: Store): Promise<string> {
  if (await store.users.get(DEFAULT_USER)) return DEFAULT_USER;
  if ((await store.users.count()) === 0) throw usage(NO_USERS_HINT);
  throw usage(`there is no "${DEFAULT_USER}" user; name the key's user with --user <id> (see skillport users list)`);
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
