import type { Store, TableReader, TableShape } from '../store/index.js';
import { ArchiveWriter } from './archive.js';
import { BackupError } from './errors.js';
import { FORMAT, FORMAT_VERSION, MANIFEST_NAME, partName, type BackupManifest, type ManifestTable } from './manifest.js';
import { BACKED_UP, NOT_BACKED_UP } from './tables.js';

/** Rows read per query. */
const PAGE_ROWS = 500;
/** A part is closed once it holds this much; a single larger row makes a part of its own. */
const PART_BYTES = 4 * 1024 * 1024;

export interface BackupProgress {
  table: string;
  /** Rows of the table handled so far, and how many it has. */
  rows: number;
  total: number;
  /** True on the table's last report. */
  done: boolean;
}

export interface ExportOptions {
  skillportVersion: string;
  onProgress?: (progress: BackupProgress) => void;
  /** Size at which a part is closed (default 4 MiB). */
  partBytes?: number;
}

/**
 * Writes everything the store holds (see tables.ts) to `file` as one archive: the rows of every
 * covered table, read from one consistent snapshot, in parts of newline-separated JSON arrays,
 * and last a manifest with the format and schema versions, each table's columns and row count,
 * and each part's size and SHA-256.
 */
export async function exportBackup(store: Store, file: string, options: ExportOptions): Promise<BackupManifest> {
  const archive = ArchiveWriter.create(file);
  try {
    const manifest = await store.backup.snapshot(async (reader) => {
      const shapes = new Map(reader.shapes.map((shape) => [shape.name, shape]));
      checkCoverage(reader.shapes);
      const tables: ManifestTable[] = [];
      for (const covered of BACKED_UP) {
        const shape = shapes.get(covered.name);
        if (!shape) throw new BackupError(`the database has no table "${covered.name}"; is it fully migrated?`);
        tables.push(await exportTable(reader, archive, shape, covered.key, options));
      }
      return {
        format: FORMAT,
        format_version: FORMAT_VERSION,
        created_at: new Date().toISOString(),
        skillport_version: options.skillportVersion,
        source: store.dialect,
        migrations: await reader.migrations(),
        tables,
        excluded: { ...NOT_BACKED_UP },
      } satisfies BackupManifest;
    });
    await archive.add(MANIFEST_NAME, Buffer.from(JSON.stringify(manifest, null, 2) + '\n'));
    await archive.finish();
    return manifest;
  } catch (err) {
    await archive.abort();
    throw err;
  }
}

async function exportTable(
  reader: TableReader,
  archive: ArchiveWriter,
  shape: TableShape,
  key: readonly string[],
  { onProgress, partBytes = PART_BYTES }: ExportOptions,
): Promise<ManifestTable> {
  const columns = shape.columns.map((c) => c.name);
  const keyIndex = key.map((k) => columns.indexOf(k));
  const total = await reader.count(shape.name);
  const table: ManifestTable = { name: shape.name, columns, rows: 0, parts: [] };
  let lines: Buffer[] = [];
  let bytes = 0;
  let rowsInPart = 0;
  const flush = async () => {
    if (rowsInPart === 0) return;
    const path = partName(shape.name, table.parts.length + 1);
    const written = await archive.add(path, Buffer.concat(lines, bytes));
    table.parts.push({ path, rows: rowsInPart, ...written });
    lines = [];
    bytes = 0;
    rowsInPart = 0;
  };
  let after: unknown[] | undefined;
  for (;;) {
    const rows = await reader.page(shape.name, key, after, PAGE_ROWS);
    for (const row of rows) {
      for (const value of row) {
        if (value !== null && typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) {
          throw new BackupError(`table "${shape.name}" holds a value that is neither text, a number nor null (${typeof value})`);
        }
      }
      const line = Buffer.from(JSON.stringify(row) + '\n');
      lines.push(line);
      bytes += line.length;
      rowsInPart++;
      table.rows++;
      if (bytes >= partBytes) await flush();
    }
    onProgress?.({ table: shape.name, rows: table.rows, total: Math.max(total, table.rows), done: false });
    if (rows.length < PAGE_ROWS) break;
    const last = rows[rows.length - 1]!;
    after = keyIndex.map((i) => last[i]);
  }
  await flush();
  onProgress?.({ table: shape.name, rows: table.rows, total: table.rows, done: true });
  return table;
}

/** Refuses a database holding a table that tables.ts has not decided about. */
export function checkCoverage(shapes: readonly TableShape[]): void {
  const decided = new Set([...BACKED_UP.map((t) => t.name), ...Object.keys(NOT_BACKED_UP)]);
  const unknown = shapes.map((s) => s.name).filter((name) => !decided.has(name));
  if (unknown.length) {
    throw new BackupError(`the database has tables this version of Skillport does not know how to back up (${unknown.join(', ')}); was it migrated by a newer Skillport?`);
  }
}
