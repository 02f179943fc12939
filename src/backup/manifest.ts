import * as z from 'zod';

/** What every backup calls itself, and the layout version this Skillport writes and reads. */
export const FORMAT = 'skillport-backup';
export const FORMAT_VERSION = 1;
export const MANIFEST_NAME = 'manifest.json';

/** `tables/<table>/<n>.ndjson`: one part of a table's rows, one JSON array of column values a line. */
export const PART_NAME = /^tables\/([a-z_][a-z0-9_]*)\/(\d{5})\.ndjson$/;
export const partName = (table: string, index: number): string => `tables/${table}/${String(index).padStart(5, '0')}.ndjson`;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const count = z.number().int().nonnegative();

const Part = z.object({ path: z.string().regex(PART_NAME), rows: count, bytes: count, sha256 });

const Table = z.object({
  name: z.string().regex(/^[a-z_][a-z0-9_]*$/),
  columns: z.array(z.string().regex(/^[a-z_][a-z0-9_]*$/)).min(1),
  rows: count,
  parts: z.array(Part),
});

const Manifest = z.object({
  format: z.literal(FORMAT),
  format_version: z.number().int().positive(),
  created_at: z.string(),
  skillport_version: z.string(),
  /** The backend it was taken from; restores go to either. */
  source: z.enum(['sqlite', 'postgres']),
  /** The migrations the database had: what the rows' columns mean. */
  migrations: z.array(z.string()),
  tables: z.array(Table),
  /** Tables deliberately left out, with why. */
  excluded: z.record(z.string(), z.string()),
});

export type BackupManifest = z.infer<typeof Manifest>;
export type ManifestTable = z.infer<typeof Table>;
export type ManifestPart = z.infer<typeof Part>;

/** The manifest as read from an archive, or a message saying what is wrong with it. */
export function parseManifest(text: string): BackupManifest | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'its manifest is not valid JSON';
  }
  if ((value as { format?: unknown })?.format !== FORMAT) return `it is not a Skillport backup (its manifest does not say format "${FORMAT}")`;
  const parsed = Manifest.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `its manifest is malformed (${issue ? `${issue.path.join('.') || 'manifest'}: ${issue.message}` : 'unreadable'})`;
  }
  return parsed.data;
}
