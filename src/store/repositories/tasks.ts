import type { Kysely, Selectable } from 'kysely';
import type { TaskChanges, TaskExpansion, TaskQuery, TaskRecord, TaskStatus } from '../records.js';
import type { Database, TasksTable } from '../schema.js';
import type { TaskRepository } from '../store.js';

const UNFINISHED: TaskStatus[] = ['queued', 'running'];

export class KyselyTaskRepository implements TaskRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(task: TaskRecord): Promise<TaskRecord> {
    await this.db.insertInto('tasks').values(toRow(task)).execute();
    return task;
  }

  async get(id: string): Promise<TaskRecord | undefined> {
    const row = await this.db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  async list(q: TaskQuery): Promise<TaskRecord[]> {
    let query = this.db.selectFrom('tasks').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit);
    if (q.owner_id !== undefined) query = query.where('owner_id', '=', q.owner_id);
    if (q.status) query = query.where('status', '=', q.status);
    if (q.skill) query = query.where('skill', '=', q.skill);
    if (q.session_id) query = query.where('session_id', '=', q.session_id);
    if (q.before) {
      const { created_at, id } = q.before;
      query = query.where((eb) => eb.or([eb('created_at', '<', created_at), eb.and([eb('created_at', '=', created_at), eb('id', '<', id)])]));
    }
    return (await query.execute()).map(fromRow);
  }

  async transition(id: string, from: TaskStatus[], changes: TaskChanges): Promise<boolean> {
    const result = await this.db.updateTable('tasks').set(changesToRow(changes)).where('id', '=', id).where('status', 'in', from).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async heartbeat(nodeId: string, at: string): Promise<string[]> {
    await this.db.updateTable('tasks').set({ heartbeat_at: at }).where('node_id', '=', nodeId).where('status', 'in', UNFINISHED).execute();
    const rows = await this.db
      .selectFrom('tasks')
      .select('id')
      .where('node_id', '=', nodeId)
      .where('status', 'in', UNFINISHED)
      .where('cancel_requested', '=', 1)
      .execute();
    return rows.map((row) => row.id);
  }

  async failAbandoned(filter: { nodeId?: string; staleBefore: string }, failure: { error: string; error_code: string; at: string }): Promise<number> {
    const result = await this.db
      .updateTable('tasks')
      .set({ status: 'failed', error: failure.error, error_code: failure.error_code, finished_at: failure.at, updated_at: failure.at })
      .where('status', 'in', UNFINISHED)
      .where((eb) => {
        const stale = eb('heartbeat_at', '<', filter.staleBefore);
        return filter.nodeId === undefined ? stale : eb.or([eb('node_id', '=', filter.nodeId), stale]);
      })
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}

function toRow(task: TaskRecord): TasksTable {
  const { usage, ...rest } = task;
  return {
    ...rest,
    dangerous: task.dangerous ? 1 : 0,
    cancel_requested: task.cancel_requested ? 1 : 0,
    context: task.context === null ? null : JSON.stringify(task.context),
    expansion: JSON.stringify(task.expansion),
    prompt_tokens: usage?.prompt_tokens ?? null,
    completion_tokens: usage?.completion_tokens ?? null,
    total_tokens: usage?.total_tokens ?? null,
  };
}

function changesToRow(changes: TaskChanges): Partial<TasksTable> {
  const { usage, cancel_requested, ...rest } = changes;
  const row: Partial<TasksTable> = { ...rest };
  if (usage !== undefined) {
    row.prompt_tokens = usage?.prompt_tokens ?? null;
    row.completion_tokens = usage?.completion_tokens ?? null;
    row.total_tokens = usage?.total_tokens ?? null;
  }
  if (cancel_requested !== undefined) row.cancel_requested = cancel_requested ? 1 : 0;
  return row;
}

function fromRow(row: Selectable<TasksTable>): TaskRecord {
  const { prompt_tokens, completion_tokens, total_tokens, ...rest } = row;
  return {
    ...rest,
    status: row.status as TaskStatus,
    dangerous: Number(row.dangerous) === 1,
    cancel_requested: Number(row.cancel_requested) === 1,
    context: row.context === null ? null : (JSON.parse(row.context) as Record<string, unknown>),
    expansion: JSON.parse(row.expansion) as TaskExpansion,
    usage:
      total_tokens === null
        ? null
        : { prompt_tokens: Number(prompt_tokens ?? 0), completion_tokens: Number(completion_tokens ?? 0), total_tokens: Number(total_tokens) },
  };
}
