import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Dialect } from '../connect.js';
import { appliedMigrations, LOCK_TABLE, MIGRATION_TABLE } from '../migrate.js';
import type { Database } from '../schema.js';
import type { BackupRepository, TableReader, TableShape, TableWriter } from '../store.js';

/** Values bound in one INSERT, well under SQLite's (32766) and PostgreSQL's (65535) limits. */
const MAX_PARAMS = 8_000;

/**
 * Whole-table reads and writes for backup and restore, over any table the schema holds. Table and
 * column names come from the caller's list of what a backup covers and are checked against the
 * database's own catalogue before they reach SQL; values are always bound.
 */
export class KyselyBackupRepository implements BackupRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  async tables(): Promise<TableShape[]> {
    return readTables(this.db, this.dialect);
  }

  async snapshot<T>(work: (reader: TableReader) => Promise<T>): Promise<T> {
    // PostgreSQL: REPEATABLE READ gives the whole transaction the snapshot of its first statement.
    // SQLite: in WAL mode a read transaction sees the database as of its first read, whatever
    // other connections commit meanwhile.
    const builder = this.dialect === 'postgres' ? this.db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only') : this.db.transaction();
    return builder.execute(async (trx) => {
      const shapes = await readTables(trx, this.dialect);
      return work(new Reader(trx, shapes));
    });
  }

  async restore<T>(work: (writer: TableWriter) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      const shapes = await readTables(trx, this.dialect);
      return work(new Writer(trx, this.dialect, shapes));
    });
  }
}

class Reader implements TableReader {
  protected readonly byName: Map<string, TableShape>;

  constructor(
    protected readonly db: Kysely<Database>,
    readonly shapes: TableShape[],
  ) {
    this.byName = new Map(shapes.map((shape) => [shape.name, shape]));
  }

  protected shape(table: string): TableShape {
    const shape = this.byName.get(table);
    if (!shape) throw new Error(`the database has no table "${table}"`);
    return shape;
  }

  protected columns(table: string, names: readonly string[]): void {
    const known = new Set(this.shape(table).columns.map((c) => c.name));
    const missing = names.filter((name) => !known.has(name));
    if (missing.length) throw new Error(`table "${table}" has no column ${missing.map((m) => `"${m}"`).join(', ')}`);
  }

  migrations(): Promise<string[]> {
    return appliedMigrations(this.db as unknown as Kysely<unknown>);
  }

  async count(table: string): Promise<number> {
    this.shape(table);
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(this.db);
    return Number(rows[0]?.n ?? 0);
  }

  async page(table: string, key: readonly string[], after: readonly unknown[] | undefined, limit: number): Promise<unknown[][]> {
    const shape = this.shape(table);
    this.columns(table, key);
    const names = shape.columns.map((c) => c.name);
    const where = after ? sql`where ${keyAfter(key, after)}` : sql``;
    const { rows } = await sql<Record<string, unknown>>`select ${sql.join(names.map((n) => sql.ref(n)))} from ${sql.table(table)} ${where} order by ${sql.join(key.map((k) => sql.ref(k)))} limit ${limit}`.execute(this.db);
    // PostgreSQL hands bigint columns back as strings; every id we keep fits a double.
    const integers = shape.columns.map((c) => c.integer);
    return rows.map((row) => names.map((name, i) => {
      const value = row[name];
      return integers[i] && typeof value === 'string' ? Number(value) : value;
    }));
  }
}

class Writer extends Reader implements TableWriter {
  constructor(
    db: Kysely<Database>,
    private readonly dialect: Dialect,
    shapes: TableShape[],
  ) {
    super(db, shapes);
  }

  async clear(table: string): Promise<void> {
    this.shape(table);
    await sql`delete from ${sql.table(table)}`.execute(this.db);
  }

  async insert(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void> {
    this.columns(table, columns);
    const perStatement = Math.max(1, Math.floor(MAX_PARAMS / Math.max(1, columns.length)));
    const names = sql.join(columns.map((c) => sql.ref(c)));
    for (let i = 0; i < rows.length; i += perStatement) {
      const values = rows.slice(i, i + perStatement).map((row) => sql`(${sql.join(row as unknown[])})`);
      await sql`insert into ${sql.table(table)} (${names}) values ${sql.join(values)}`.execute(this.db);
    }
  }

  async continueSequence(table: string, column: string): Promise<void> {
    this.columns(table, [column]);
    // SQLite moves an AUTOINCREMENT counter past any id written explicitly; PostgreSQL's
    // sequences do not move by themselves.
    if (this.dialect !== 'postgres') return;
    const { rows } = await sql<{ seq: string | null }>`select pg_get_serial_sequence(${table}, ${column}) as seq`.execute(this.db);
    const seq = rows[0]?.seq;
    if (!seq) return;
    await sql`select setval(${seq}, coalesce((select max(${sql.ref(column)}) from ${sql.table(table)}), 0) + 1, false)`.execute(this.db);
  }
}

/** `(k1 > v1) or (k1 = v1 and k2 > v2) or ...`: the rows after one row in key order. */
function keyAfter(key: readonly string[], after: readonly unknown[]): RawBuilder<unknown> {
  const terms = key.map((column, i) => {
    const equal = key.slice(0, i).map((earlier, j) => sql`${sql.ref(earlier)} = ${after[j]}`);
    return sql`(${sql.join([...equal, sql`${sql.ref(column)} > ${after[i]}`], sql` and `)})`;
  });
  return sql`(${sql.join(terms, sql` or `)})`;
}

async function readTables(db: Kysely<Database>, dialect: Dialect): Promise<TableShape[]> {
  const query =
    dialect === 'postgres'
      ? sql<{ table_name: string; column_name: string; data_type: string }>`
          select table_name, column_name, data_type from information_schema.columns
          where table_schema = current_schema() order by table_name, ordinal_position`
      : sql<{ table_name: string; column_name: string; data_type: string }>`
          select m.name as table_name, p.name as column_name, p.type as data_type
          from sqlite_master m, pragma_table_info(m.name) p
          where m.type = 'table' and m.name not like 'sqlite_%' order by m.name, p.cid`;
  const { rows } = await query.execute(db);
  const tables = new Map<string, TableShape>();
  for (const row of rows) {
    if (row.table_name === MIGRATION_TABLE || row.table_name === LOCK_TABLE) continue;
    let shape = tables.get(row.table_name);
    if (!shape) tables.set(row.table_name, (shape = { name: row.table_name, columns: [] }));
    shape.columns.push({ name: row.column_name, integer: /int/i.test(row.data_type) });
  }
  return [...tables.values()];
}
