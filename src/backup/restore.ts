import { createHash } from 'node:crypto';
import { knownMigrations, type Store, type TableWriter } from '../store/index.js';
import { readArchive } from './archive.js';
import { BackupError } from './errors.js';
import { checkCoverage, type BackupProgress } from './export.js';
import { FORMAT_VERSION, MANIFEST_NAME, PART_NAME, parseManifest, partName, type BackupManifest, type ManifestPart, type ManifestTable } from './manifest.js';
import { BACKED_UP, INTERRUPTED } from './tables.js';

const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;
/** Rows, or bytes of rows, sent to the database per batch. */
const BATCH_ROWS = 500;
const BATCH_BYTES = 4 * 1024 * 1024;
const NEWLINE = 0x0a;

export interface RestoreOptions {
  /** Restore into a database that already holds data, replacing everything the backup covers. */
  force?: boolean;
  onProgress?: (progress: BackupProgress) => void;
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** Rows each table held before a forced restore replaced them. */
  replaced: Record<string, number>;
}

/**
 * Reads the whole archive once and checks it against its manifest: every part present, in
 * order, with the size, row count and SHA-256 the manifest gives, nothing else in it, and a
 * format this Skillport reads. Nothing is written; a truncated, damaged or altered archive is
 * refused here.
 */
export async function verifyBackup(file: string): Promise<BackupManifest> {
  const refuse = (reason: string) => new BackupError(`${file} cannot be restored: ${reason}; nothing was written`);
  const seen: Array<{ name: string; bytes: number; sha256: string; rows: number }> = [];
  let manifestText: string | undefined;
  try {
    for await (const entry of readArchive(file)) {
      if (manifestText !== undefined) throw refuse(`it has an entry after its manifest ("${entry.name}")`);
      if (entry.type !== 'file') throw refuse(`it holds "${entry.name}", which is not a plain file`);
      if (entry.name === MANIFEST_NAME) {
        if (entry.size > MAX_MANIFEST_BYTES) throw refuse('its manifest is implausibly large');
        const chunks: Buffer[] = [];
        for await (const chunk of entry.stream) chunks.push(chunk);
        manifestText = Buffer.concat(chunks).toString('utf8');
        continue;
      }
      if (!PART_NAME.test(entry.name)) throw refuse(`it holds "${entry.name}", which no Skillport backup has`);
      seen.push({ name: entry.name, ...(await digest(entry.stream)) });
    }
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw refuse(`it is truncated or damaged (${describe(err)})`);
  }
  if (manifestText === undefined) throw refuse(seen.length ? 'it has no manifest, so it is truncated' : 'it is empty or not a Skillport backup');
  const manifest = parseManifest(manifestText);
  if (typeof manifest === 'string') throw refuse(manifest);
  if (manifest.format_version > FORMAT_VERSION) {
    throw refuse(`it is in backup format ${manifest.format_version} (written by Skillport ${manifest.skillport_version}), and this Skillport reads format ${FORMAT_VERSION}; restore it with a newer Skillport`);
  }
  checkTableOrder(manifest, refuse);
  const listed = manifest.tables.flatMap((table) => table.parts.map((part, i) => ({ table, part, expectedPath: partName(table.name, i + 1) })));
  const seenNames = new Set(seen.map((part) => part.name));
  const listedNames = new Set(listed.map((item) => item.part.path));
  const missing = listed.find((item) => !seenNames.has(item.part.path));
  if (missing) throw refuse(`"${missing.part.path}" is missing`);
  const extra = seen.find((part) => !listedNames.has(part.name));
  if (extra) throw refuse(`it holds "${extra.name}", which its manifest does not list`);
  for (let i = 0; i < Math.max(listed.length, seen.length); i++) {
    const want = listed[i];
    const got = seen[i];
    if (!want) throw refuse(`it holds "${got!.name}", which its manifest does not list`);
    if (!got) throw refuse(`"${want.part.path}" is missing`);
    if (want.part.path !== want.expectedPath || got.name !== want.part.path) throw refuse(`its parts are not the ones its manifest lists, in order ("${got.name}" where "${want.part.path}" was expected)`);
    if (got.bytes !== want.part.bytes || got.sha256 !== want.part.sha256) throw refuse(`"${got.name}" does not match its checksum in the manifest, so it was altered or damaged`);
    if (got.rows !== want.part.rows) throw refuse(`"${got.name}" holds ${got.rows} rows where its manifest says ${want.part.rows}`);
  }
  for (const table of manifest.tables) {
    const sum = table.parts.reduce((n, part) => n + part.rows, 0);
    if (sum !== table.rows) throw refuse(`table "${table.name}" has ${sum} rows in its parts where its manifest says ${table.rows}`);
  }
  return manifest;
}

/**
 * Restores an archive into `store` in one transaction, after verifying all of it: refused when
 * the database already holds data unless `force`, which replaces what it holds. Rows go in in
 * the order that keeps references valid; ids generated later continue after the restored ones.
 */
export async function restoreBackup(store: Store, file: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  const manifest = await verifyBackup(file);
  const known = new Set(knownMigrations());
  const newer = manifest.migrations.filter((name) => !known.has(name));
  if (newer.length) {
    throw new BackupError(
      `${file} was taken by Skillport ${manifest.skillport_version} from a database with migrations this version does not know (${newer.join(', ')}); restore it with that version of Skillport or a newer one; nothing was written`,
    );
  }
  return store.backup.restore(async (writer) => {
    checkCoverage(writer.shapes);
    const shapes = new Map(writer.shapes.map((shape) => [shape.name, shape]));
    for (const table of manifest.tables) {
      const shape = shapes.get(table.name);
      const have = new Set(shape?.columns.map((c) => c.name) ?? []);
      const unknown = table.columns.filter((column) => !have.has(column));
      if (!shape || unknown.length) {
        throw new BackupError(`${file} holds ${shape ? `columns of "${table.name}" (${unknown.join(', ')})` : `table "${table.name}"`} this database does not have; nothing was written`);
      }
    }
    const present = BACKED_UP.filter((covered) => shapes.has(covered.name));
    const held: Record<string, number> = {};
    for (const covered of present) {
      const rows = await writer.count(covered.name);
      if (rows > 0) held[covered.name] = rows;
    }
    if (Object.keys(held).length > 0) {
      if (!options.force) {
        const what = Object.entries(held).map(([table, rows]) => `${table}: ${rows}`).join(', ');
        throw new BackupError(`the database at ${store.location} already holds data (${what}); restore into an empty database, or add --force to replace everything it holds with the backup; nothing was written`);
      }
      for (const covered of [...present].reverse()) await writer.clear(covered.name);
    }

    const parts = new Map(manifest.tables.flatMap((table) => table.parts.map((part) => [part.path, { table, part }] as const)));
    const restored = new Map<string, number>();
    const at = new Date().toISOString();
    try {
      for await (const entry of readArchive(file)) {
        if (entry.name === MANIFEST_NAME) continue;
        const found = parts.get(entry.name);
        if (!found) throw new BackupError(`${file} changed while it was being restored ("${entry.name}" appeared); nothing was written`);
        const before = restored.get(found.table.name) ?? 0;
        await restorePart(writer, found.table, found.part, entry.stream, at, (rows) => {
          restored.set(found.table.name, before + rows);
          options.onProgress?.({ table: found.table.name, rows: before + rows, total: found.table.rows, done: false });
        });
      }
    } catch (err) {
      if (err instanceof BackupError) throw err;
      if (isReadFailure(err)) throw new BackupError(`${file} became unreadable while it was being restored (${describe(err)}); nothing was written`);
      throw new BackupError(`the database refused the backup's rows (${describe(err)}); nothing was written`);
    }

    for (const table of manifest.tables) {
      const covered = BACKED_UP.find((t) => t.name === table.name)!;
      if (covered.key.length === 1) await writer.continueSequence(table.name, covered.key[0]!);
      const rows = await writer.count(table.name);
      if (rows !== table.rows) throw new BackupError(`table "${table.name}" holds ${rows} rows after the restore where the backup has ${table.rows}; nothing was written`);
      options.onProgress?.({ table: table.name, rows, total: table.rows, done: true });
    }
    return { manifest, replaced: held };
  });
}

/** Streams one part into its table in batches, checking its checksum again as it goes. */
async function restorePart(writer: TableWriter, table: ManifestTable, part: ManifestPart, stream: AsyncIterable<Buffer>, at: string, progress: (rows: number) => void): Promise<void> {
  const hash = createHash('sha256');
  const interrupted = INTERRUPTED[table.name];
  const statusAt = interrupted ? table.columns.indexOf(interrupted.column) : -1;
  const replacement = interrupted ? Object.entries(interrupted.becomes(at)).map(([column, value]) => [table.columns.indexOf(column), value] as const).filter(([i]) => i >= 0) : [];
  let batch: unknown[][] = [];
  let batchBytes = 0;
  let rows = 0;
  let pending: Buffer[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await writer.insert(table.name, table.columns, batch);
    rows += batch.length;
    batch = [];
    batchBytes = 0;
    progress(rows);
  };
  const take = async (line: Buffer) => {
    const row = parseRow(line, table);
    if (statusAt >= 0 && interrupted!.unfinished.includes(row[statusAt] as string)) for (const [i, value] of replacement) row[i] = value;
    batch.push(row);
    batchBytes += line.length;
    if (batch.length >= BATCH_ROWS || batchBytes >= BATCH_BYTES) await flush();
  };
  for await (const chunk of stream) {
    hash.update(chunk);
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end >= 0; end = chunk.indexOf(NEWLINE, start)) {
      const piece = chunk.subarray(start, end);
      const line = pending.length ? Buffer.concat([...pending, piece]) : piece;
      pending = [];
      start = end + 1;
      await take(line);
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  }
  if (pending.length) throw new BackupError(`"${part.path}" ends in the middle of a row; nothing was written`);
  if (hash.digest('hex') !== part.sha256) throw new BackupError(`"${part.path}" changed while it was being restored; nothing was written`);
  await flush();
}

function parseRow(line: Buffer, table: ManifestTable): unknown[] {
  let row: unknown;
  try {
    row = JSON.parse(line.toString('utf8'));
  } catch {
    throw new BackupError(`a row of "${table.name}" is not valid JSON; nothing was written`);
  }
  if (!Array.isArray(row) || row.length !== table.columns.length) throw new BackupError(`a row of "${table.name}" does not have its ${table.columns.length} columns; nothing was written`);
  for (const value of row) {
    if (value !== null && typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) {
      throw new BackupError(`a row of "${table.name}" holds a value that is neither text, a number nor null; nothing was written`);
    }
  }
  return row;
}

/** The manifest's tables must be ones this Skillport backs up, each once, in restore order. */
function checkTableOrder(manifest: BackupManifest, refuse: (reason: string) => BackupError): void {
  const order = new Map(BACKED_UP.map((table, i) => [table.name, i]));
  let last = -1;
  for (const table of manifest.tables) {
    const position = order.get(table.name);
    if (position === undefined) throw refuse(`it holds table "${table.name}", which this Skillport does not restore`);
    if (position <= last) throw refuse(`its tables are out of order or repeated ("${table.name}")`);
    last = position;
  }
}

async function digest(stream: AsyncIterable<Buffer>): Promise<{ bytes: number; sha256: string; rows: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  let rows = 0;
  let lastByte = NEWLINE;
  for await (const chunk of stream) {
    hash.update(chunk);
    bytes += chunk.length;
    for (let i = chunk.indexOf(NEWLINE); i >= 0; i = chunk.indexOf(NEWLINE, i + 1)) rows++;
    if (chunk.length) lastByte = chunk[chunk.length - 1]!;
  }
  // A part that does not end a row is counted one row short, which the manifest check catches.
  return { bytes, sha256: hash.digest('hex'), rows: lastByte === NEWLINE ? rows : -1 };
}

function isReadFailure(err: unknown): boolean {
  const code = String((err as { code?: unknown }).code ?? '');
  return code.startsWith('Z_') || code === 'ENOENT' || code === 'EIO' || /unexpected end|invalid tar|incorrect header|unexpected eof/i.test(describe(err));
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
