import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../connect.js';

/** The PostgreSQL channel every announced change is sent on. */
export const CHANGE_CHANNEL = 'skillport_changes';

export interface AnnounceOptions {
  /** Only updates of these columns are announced (inserts and deletes always are). */
  updateOf?: readonly string[];
}

/**
 * Makes PostgreSQL announce every committed insert, update and delete of `table` on
 * CHANGE_CHANNEL as `{table, op, key, origin, at}`: `key` is the row's `keyColumn`, `origin` the
 * writer's `application_name` (each Skillport process names itself) and `at` the database clock
 * in milliseconds. Any writer is covered, the CLI included, so a table is announced with one call
 * in its migration. Nothing happens on SQLite, where one node owns the database.
 */
export async function announceChanges(db: Kysely<unknown>, dialect: Dialect, table: string, keyColumn: string, options: AnnounceOptions = {}): Promise<void> {
  if (dialect !== 'postgres') return;
  // One function serves every table; re-creating it is harmless, so any migration may call this.
  await sql`
    create or replace function skillport_announce_change() returns trigger language plpgsql as $fn$
    declare
      row_data jsonb;
    begin
      if tg_op = 'DELETE' then row_data := to_jsonb(old); else row_data := to_jsonb(new); end if;
      perform pg_notify(${sql.lit(CHANGE_CHANNEL)}, json_build_object(
        'table', tg_table_name,
        'op', lower(tg_op),
        'key', row_data ->> tg_argv[0],
        'origin', current_setting('application_name', true),
        'at', floor(extract(epoch from clock_timestamp()) * 1000)
      )::text);
      return null;
    end
    $fn$`.execute(db);
  const update = options.updateOf?.length ? sql.raw(`update of ${options.updateOf.map(quote).join(', ')}`) : sql.raw('update');
  await sql`drop trigger if exists skillport_announce on ${sql.table(table)}`.execute(db);
  await sql`create trigger skillport_announce after insert or delete or ${update} on ${sql.table(table)} for each row execute function skillport_announce_change(${sql.lit(keyColumn)})`.execute(db);
}

/** Removes what `announceChanges` added to `table` (for a migration's `down`). */
export async function stopAnnouncing(db: Kysely<unknown>, dialect: Dialect, table: string): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`drop trigger if exists skillport_announce on ${sql.table(table)}`.execute(db);
}

function quote(identifier: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(identifier)) throw new Error(`not a plain column name: ${identifier}`);
  return `"${identifier}"`;
}
