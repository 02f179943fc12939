import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { packageVersion } from '../../util/package-version.js';
import { BackupError, exportBackup, restoreBackup, type BackupProgress } from '../../backup/index.js';
import { loadConfig } from '../../config.js';
import { openStore, redactUrl, type Store } from '../../store/index.js';
import { fail, print } from '../console.js';

/** Tables with more rows than this report progress while they are read or written. */
const PROGRESS_EVERY = 10_000;

export function exportCommand(program: Command): void {
  program
    .command('export')
    .description('Back up everything the configured database holds into one checksummed archive, from one consistent snapshot (servers may keep running)')
    .requiredOption('--out <file>', 'the archive to write, e.g. skillport-backup.tar.gz')
    .action((opts: { out: string }) =>
      withStore(async (store) => {
        const file = path.resolve(opts.out);
        process.stderr.write(`Exporting ${store.location} to ${file}\n`);
        const manifest = await exportBackup(store, file, { skillportVersion: await packageVersion(), onProgress: reporter('read') });
        const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
        const { size } = await stat(file);
        print(`Wrote ${file}: ${rows} rows of ${manifest.tables.length} tables, ${formatBytes(size)} (backup format ${manifest.format_version}, schema ${manifest.migrations.at(-1) ?? 'empty'})`);
        print('It holds key hashes, webhook secrets and sealed git credentials: keep it where only operators can read it.');
      }),
    );
}

/** Restores a backup made by `skillport export` into the configured database (`skillport import --in FILE`). */
export function restoreFromFile(archive: string, force: boolean): Promise<void> {
  const file = path.resolve(archive);
  return withStore(async (store) => {
    process.stderr.write(`Restoring ${file} into ${store.location}\n`);
    const result = await restoreBackup(store, file, { force, onProgress: reporter('restored') });
    const rows = result.manifest.tables.reduce((n, t) => n + t.rows, 0);
    const replaced = Object.values(result.replaced).reduce((n, r) => n + r, 0);
    print(`Restored ${rows} rows of ${result.manifest.tables.length} tables from ${file} (taken ${result.manifest.created_at} from ${result.manifest.source} by Skillport ${result.manifest.skillport_version})${replaced ? `, replacing ${replaced} rows the database held` : ''}`);
    const credentials = result.manifest.tables.find((t) => t.name === 'git_credentials')?.rows ?? 0;
    if (credentials > 0) print(`${credentials} git credential(s) are still sealed: run the servers with the SKILLPORT_SECRET_KEY (or data-directory secret.key) of the servers they came from.`);
  });
}

/** Opens the configured store (migrating it), runs `work`, closes it; a refusal is one line on stderr and exit code 1. */
async function withStore(work: (store: Store) => Promise<void>): Promise<void> {
  const config = loadConfig();
  let store: Store;
  try {
    store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2, instanceId: 'skillport-cli' });
  } catch (err) {
    const where = config.databaseUrl ? redactUrl(config.databaseUrl) : path.join(config.dataDir, 'skillport.db');
    fail(`cannot open the database at ${where}: ${err instanceof Error ? err.message : String(err)}`);
    return;
  }
  try {
    await work(store);
  } catch (err) {
    if (!(err instanceof BackupError)) throw err;
    fail(err.message);
  } finally {
    await store.close();
  }
}

/** One line per table on stderr (stdout keeps the summary), more for large tables. */
function reporter(verb: string): (progress: BackupProgress) => void {
  const reported = new Map<string, number>();
  return (progress) => {
    const last = reported.get(progress.table) ?? 0;
    if (!progress.done && progress.rows - last < PROGRESS_EVERY) return;
    reported.set(progress.table, progress.rows);
    const count = progress.done ? rowsText(progress.rows) : `${progress.rows} of ${rowsText(progress.total)}`;
    process.stderr.write(`  ${progress.table.padEnd(24)} ${count}${progress.done ? '' : ` ${verb}…`}\n`);
  };
}

const rowsText = (n: number) => `${n} row${n === 1 ? '' : 's'}`;

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
