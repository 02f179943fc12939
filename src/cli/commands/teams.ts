import type { Command } from 'commander';
import { OPERATOR, named, print, printJson, withIdentity } from '../console.js';
import { table } from '../format.js';

export function teamsCommand(program: Command): void {
  const teams = program
    .command('teams')
    .description('Create and delete teams and manage their members (acts on the configured database as the operator)');

  teams
    .command('create')
    .description('Create a team')
    .argument('<name>', 'team name: letters, digits, ".", "_" and "-"')
    .option('--description <text>', 'what the team is for')
    .option('--json', 'print the created team as JSON')
    .action((name: string, opts: { description?: string; json?: boolean }) =>
      withIdentity(async (identity) => {
        const team = await identity.createTeam(OPERATOR, { name, ...(opts.description !== undefined ? { description: opts.description } : {}) });
        if (opts.json) return printJson(team);
        print(`Created team ${team.name} (${team.id})`);
      }),
    );

  teams
    .command('list')
    .description('List all teams')
    .option('--json', 'print JSON instead of a table')
    .action((opts: { json?: boolean }) =>
      withIdentity(async (identity) => {
        const list = await identity.listTeams(OPERATOR);
        if (opts.json) return printJson({ teams: list, count: list.length });
        const rows = [['NAME', 'ID', 'CREATED', 'DESCRIPTION']];
        for (const t of list) rows.push([t.name, t.id, t.created_at, t.description || '-']);
        print(table(rows));
        print(`${list.length} team(s)`);
      }),
    );

  teams
    .command('show')
    .description('Show a team and its members')
    .argument('<team>', 'team name or id')
    .option('--json', 'print JSON instead of text')
    .action((ref: string, opts: { json?: boolean }) =>
      withIdentity(async (identity) => {
        const team = await named({ Team: ref }, () => identity.getTeam(OPERATOR, ref));
        if (opts.json) return printJson(team);
        print(`Team ${team.name} (${team.id})${team.description ? `: ${team.description}` : ''}`);
        if (team.members.length === 0) {
          print('No members.');
          return;
        }
        const rows = [['USER', 'NAME', 'EMAIL', 'ROLE']];
        for (const u of team.members) rows.push([u.id, u.name, u.email ?? '-', u.role]);
        print(table(rows));
        print(`${team.members.length} member(s)`);
      }),
    );

  teams
    .command('delete')
    .description('Delete a team (its memberships go with it)')
    .argument('<team>', 'team name or id')
    .action((ref: string) =>
      withIdentity(async (identity) => {
        await named({ Team: ref }, () => identity.deleteTeam(OPERATOR, ref));
        print(`Deleted team ${ref}`);
      }),
    );

  teams
    .command('add-member')
    .description('Add a user to a team')
    .argument('<team>', 'team name or id')
    .argument('<user-id>', 'the user id')
    .action((ref: string, userId: string) =>
      withIdentity(async (identity) => {
        await named({ Team: ref, User: userId }, () => identity.addMember(OPERATOR, ref, userId));
        print(`Added ${userId} to team ${ref}`);
      }),
    );

  teams
    .command('remove-member')
    .description('Remove a user from a team')
    .argument('<team>', 'team name or id')
    .argument('<user-id>', 'the user id')
    .action((ref: string, userId: string) =>
      withIdentity(async (identity) => {
        await named({ Team: ref, 'Team member': userId }, () => identity.removeMember(OPERATOR, ref, userId));
        print(`Removed ${userId} from team ${ref}`);
      }),
    );
}
