import type { Command } from 'commander';
import { NO_USERS_HINT, OPERATOR, named, print, printJson, usage, withIdentity } from '../console.js';
import { table } from '../format.js';

export function usersCommand(program: Command): void {
  const users = program
    .command('users')
    .description('Create, list, change and delete users (acts on the configured database as the operator)');

  users
    .command('create')
    .description('Create a user; give it a key afterwards with skillport keys create --user <id>')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--role <role>', 'viewer, member, admin or owner')
    .option('--email <email>', 'email address (unique)')
    .option('--id <id>', 'user id: letters, digits, ".", "_" and "-" (default: a generated usr_… id)')
    .option('--json', 'print the created user as JSON')
    .action((opts: { name: string; role: string; email?: string; id?: string; json?: boolean }) =>
      withIdentity(async (identity, store) => {
        const first = (await store.users.count()) === 0;
        const user = await identity.createUser(OPERATOR, {
          name: opts.name,
          role: opts.role,
          ...(opts.email !== undefined ? { email: opts.email } : {}),
          ...(opts.id !== undefined ? { id: opts.id } : {}),
        });
        if (opts.json) return printJson(user);
        print(`Created user ${user.id} "${user.name}" (${user.role}${user.email ? `, ${user.email}` : ''})`);
        print(`Give it an API key with:  skillport keys create --user ${user.id} --name <name>`);
        if (first) {
          process.stderr.write(`note: this is the first user, so the server will not create an "owner" user on its first start\n`);
        }
      }),
    );

  users
    .command('list')
    .description('List all users')
    .option('--json', 'print JSON instead of a table')
    .action((opts: { json?: boolean }) =>
      withIdentity(async (identity) => {
        const list = await identity.listUsers(OPERATOR);
        if (opts.json) return printJson({ users: list, count: list.length });
        if (list.length === 0) {
          print(`No users: ${NO_USERS_HINT}.`);
          return;
        }
        const rows = [['ID', 'NAME', 'EMAIL', 'ROLE', 'CREATED']];
        for (const u of list) rows.push([u.id, u.name, u.email ?? '-', u.role, u.created_at]);
        print(table(rows));
        print(`${list.length} user(s)`);
      }),
    );

  users
    .command('update')
    .description("Change a user's name, email or role")
    .argument('<id>', 'the user id')
    .option('--name <name>', 'new display name')
    .option('--email <email>', 'new email address')
    .option('--no-email', 'remove the email address')
    .option('--role <role>', 'new role: viewer, member, admin or owner')
    .option('--json', 'print the updated user as JSON')
    .action((id: string, opts: { name?: string; email?: string | false; role?: string; json?: boolean }) =>
      withIdentity(async (identity) => {
        const changes = {
          ...(opts.name !== undefined ? { name: opts.name } : {}),
          ...(opts.email !== undefined ? { email: opts.email === false ? null : opts.email } : {}),
          ...(opts.role !== undefined ? { role: opts.role } : {}),
        };
        if (Object.keys(changes).length === 0) throw usage('nothing to change; give --name, --email, --no-email or --role');
        const user = await named({ User: id }, () => identity.updateUser(OPERATOR, id, changes));
        if (opts.json) return printJson(user);
        print(`Updated user ${user.id}: name "${user.name}", email ${user.email ?? '-'}, role ${user.role}`);
      }),
    );

  users
    .command('delete')
    .description('Delete a user, with its API keys and team memberships')
    .argument('<id>', 'the user id')
    .action((id: string) =>
      withIdentity(async (identity) => {
        await named({ User: id }, () => identity.deleteUser(OPERATOR, id));
        print(`Deleted user ${id}`);
      }),
    );
}
