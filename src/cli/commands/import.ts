import type { Command } from 'commander';
import { fail } from '../console.js';
import { restoreFromFile } from './backup.js';
import { runGitImport, type GitImportOptions } from './git-import.js';

/** The git import's options, and the backup restore's. */
interface ImportFlags extends GitImportOptions {
  in?: string;
  force?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** Flags that only mean something for one of the two kinds of import, by the name the user typed. */
const GIT_FLAGS: Array<[keyof ImportFlags, string]> = [
  ['server', '--server'],
  ['ref', '--ref'],
  ['dryRun', '--dry-run'],
  ['visibility', '--visibility'],
  ['credentialsRef', '--credentials-ref'],
  ['json', '--json'],
];

/**
 * `skillport import`: with a git URL, imports that repository's skills into a running server; with
 * `--in FILE`, restores a backup into the configured database. One or the other: the flags of one
 * are refused with the other, so nothing is half-understood.
 */
export function importCommand(program: Command): void {
  program
    .command('import')
    .description('Import the skills of a git repository into a running server (skillport import <url>), or restore a backup made by skillport export (skillport import --in <file>)')
    .argument('[url]', 'a git repository: owner/repo (GitHub), a GitHub URL, or an https URL of any git repository')
    .option('--server <url>', 'git import: the Skillport server (default: $SKILLPORT_SERVER); the key is read from SKILLPORT_KEY')
    .option('--ref <ref>', 'git import: branch, tag or commit (default: the default branch)')
    .option('--path <path>', 'git import: a folder of the repository to take skills from (repeatable)', collect, [])
    .option('--dry-run', 'git import: show what would be imported, store nothing')
    .option('--visibility <visibility>', 'git import: private, team or global (default: private)')
    .option('--team <team>', 'git import: a team that may read the imported skills (repeatable; implies --visibility team)', collect, [])
    .option('--credentials-ref <name>', 'git import: a credential stored on the server for a private repository')
    .option('--json', 'git import: print the result as JSON')
    .option('--in <file>', 'backup restore: the archive to restore into the configured database (migrated first), in one transaction')
    .option('--force', 'backup restore: restore into a database that already holds data, replacing everything it holds')
    .action((url: string | undefined, flags: ImportFlags) => {
      if (url !== undefined && flags.in !== undefined) return fail('give either a git URL to import from or --in <file> to restore a backup, not both');
      if (url === undefined && flags.in === undefined) return fail('give a git URL to import skills from (skillport import acme/skills --server URL), or --in <file> to restore a backup');
      if (flags.in !== undefined) {
        const gitOnly = GIT_FLAGS.filter(([key]) => flags[key] !== undefined).map(([, name]) => name);
        if (flags.path.length > 0) gitOnly.push('--path');
        if (flags.team.length > 0) gitOnly.push('--team');
        if (gitOnly.length > 0) return fail(`${gitOnly.join(', ')} ${gitOnly.length === 1 ? 'applies' : 'apply'} to a git import, not to restoring a backup with --in`);
        return restoreFromFile(flags.in, flags.force === true);
      }
      if (flags.force) return fail('--force applies to restoring a backup with --in, not to a git import');
      return runGitImport(url!, flags);
    });
}
