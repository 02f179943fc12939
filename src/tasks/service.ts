import { randomBytes } from 'node:crypto';
import type { ActionContext, AuditService } from '../auth/audit.js';
import { isAdmin } from '../auth/policy.js';
import type { Catalog } from '../catalog/index.js';
import type { Store, TaskRecord, TaskStatus } from '../store/index.js';
import { AppError, badRequest } from '../util/app-error.js';
import type { Logger } from '../util/logger.js';
import { buildMessages, expandTask } from './expand.js';
import { modelNotAllowed, noModel, noModelProvider, taskFinished, taskNotFound, tooManyQueued } from './errors.js';
import { TaskEventHub } from './event-hub.js';
import type { ChatProvider } from './providers/types.js';
import { followTask } from './follow.js';
import { resolveTaskSkill, type ResolvedSkill } from './resolve.js';
import { TaskRunner } from './runner.js';
import { isTerminal, OPEN_GATE, type NumberedTaskEvent, type RunGate, type TaskInput } from './types.js';
import { dryRunView, type DryRunView } from './view.js';

export interface TaskServiceOptions {
  store: Store;
  catalog: Catalog;
  audit: AuditService;
  logger: Logger;
  /** The model provider; without one only dry runs work. */
  provider?: ChatProvider;
  /** The quarantine policy's say on each skill; by default nothing is blocked. */
  runGate?: RunGate;
  /** Names this process in task records. */
  nodeId: string;
  /** Tasks running at once on this node. */
  concurrency: number;
  /** Models a task may name; empty means any. */
  allowedModels?: readonly string[];
  /** Most tasks waiting on this node. Default 1000. */
  maxQueued?: number;
  /** How often this node marks its unfinished tasks alive and looks for cancel requests. Default 5 s. */
  heartbeatMs?: number;
  /** A task whose node has been silent this long is failed. Default one minute. */
  staleMs?: number;
  /** Earlier turns of a session sent with a task. Default 20. */
  historyTurns?: number;
  /** How often a subscriber to a task running on another node is sent its progress. Default 1 s. */
  remotePollMs?: number;
}

export type Submission = { kind: 'dry_run'; view: DryRunView } | { kind: 'queued'; task: TaskRecord };

export interface TaskListQuery {
  status?: TaskStatus;
  skill?: string;
  session_id?: string;
  /** Admins only: one owner's tasks. */
  owner_id?: string;
  limit?: number;
  cursor?: string;
}

const MAX_CONTEXT_BYTES = 64 * 1024;

export const RESTART_MESSAGE = 'server restarted while the task was running';

/**
 * Tasks: a query run against the model, optionally through a skill. Checks who may run which
 * skill, expands it, stores the task, and hands it to the runner; answers reads, lists and
 * cancels with the rule that callers see only their own tasks unless they are admins.
 */
export class TaskService {
  readonly hub = new TaskEventHub();
  private readonly runner: TaskRunner | undefined;
  private readonly gate: RunGate;
  private heartbeat: NodeJS.Timeout | undefined;
  private beating: Promise<void> | undefined;

  constructor(private readonly options: TaskServiceOptions) {
    this.gate = options.runGate ?? OPEN_GATE;
    this.runner = options.provider
      ? new TaskRunner({
          store: options.store,
          provider: options.provider,
          hub: this.hub,
          logger: options.logger,
          concurrency: options.concurrency,
          maxQueued: options.maxQueued ?? 1000,
        })
      : undefined;
  }

  /** Whether tasks can run here (dry runs always can). */
  get hasProvider(): boolean {
    return this.runner !== undefined;
  }

  /**
   * Fails the tasks a previous run of this node left unfinished (it stopped without settling
   * them), then keeps this node's tasks marked alive.
   */
  async start(): Promise<void> {
    const now = new Date();
    const failed = await this.options.store.tasks.failAbandoned(
      { nodeId: this.options.nodeId, staleBefore: new Date(now.getTime() - this.staleMs).toISOString() },
      { error: RESTART_MESSAGE, error_code: 'server_restarted', at: now.toISOString() },
    );
    if (failed > 0) this.options.logger.warn({ tasks: failed }, 'tasks left unfinished by the last run were marked failed');
    const { provider, logger } = this.options;
    if (provider) logger.info({ provider: provider.describe, model: provider.defaultModel ?? null, concurrency: this.options.concurrency, node_id: this.options.nodeId }, 'model provider configured');
    else logger.info('no model provider configured: tasks answer dry runs only, skill generation builds scaffolds');
    this.heartbeat = setInterval(() => {
      // A slow database must not pile up heartbeats.
      if (this.beating) return;
      this.beating = this.beat().finally(() => {
        this.beating = undefined;
      });
    }, this.options.heartbeatMs ?? 5_000);
    this.heartbeat.unref();
  }

  /** Aborts running tasks (stored as failed), fails waiting ones, and stops the heartbeat. */
  async stop(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    await this.beating;
    await this.runner?.stop();
    this.hub.close();
  }

  async submit(ctx: ActionContext, input: TaskInput): Promise<Submission> {
    if (input.context && Buffer.byteLength(JSON.stringify(input.context)) > MAX_CONTEXT_BYTES) {
      throw badRequest(`context is larger than ${MAX_CONTEXT_BYTES / 1024} KB; send large material in the query or keep it outside the task`);
    }
    const resolved = input.skill !== undefined ? await this.resolve(ctx, input.skill) : undefined;
    const entry = resolved?.entry;
    const provider = this.options.provider;
    if (input.model !== undefined) this.checkModel(input.model);
    const model = input.model ?? provider?.defaultModel ?? null;
    const expansion = expandTask(input, entry, model);
    const owner = ctx.principal.id;
    const history = input.session_id && owner ? await this.history(owner, input.session_id) : [];
    const messages = buildMessages(expansion, input.query, input.context ?? null, history);
    const request = { messages, ...(model ? { model } : {}), ...(expansion.budget_max !== null ? { maxTokens: expansion.budget_max } : {}) };
    const facts = {
      skill: entry?.name ?? null,
      skill_version: entry?.version ?? null,
      skill_source: entry?.source ?? null,
      dangerous: entry?.manifest.dangerous ?? false,
      authority: resolved?.authority ?? null,
      model,
      budget_max: expansion.budget_max,
    };

    if (input.dry_run) {
      await this.options.audit.record(ctx, { action: 'task.dry_run', resource_type: 'skill', resource_id: entry ? `${entry.name}@${entry.version}` : null, outcome: 'success', details: facts });
      return { kind: 'dry_run', view: dryRunView({ ...facts, expansion, messages, maxTokens: request.maxTokens ?? null }) };
    }
    if (!this.runner || !provider) throw noModelProvider();
    if (!model && !provider.modelInUrl) throw noModel();
    if (!this.runner.accepting) throw tooManyQueued();

    const task = newTaskRecord(ctx, input, { ...facts, expansion, nodeId: this.options.nodeId });
    // The task and the record of who ran which skill on what authority land together or not at all.
    await this.options.store.transaction(async (store) => {
      await store.tasks.create(task);
      await this.options.audit.record(ctx, { action: 'task.run', resource_type: 'task', resource_id: task.id, outcome: 'success', details: { ...facts, session_id: task.session_id } }, store);
    });
    this.hub.open(task.id);
    this.hub.emit(task.id, { type: 'status', status: 'queued', at: task.created_at });
    this.runner.enqueue({ task, request });
    return { kind: 'queued', task };
  }

  /** One task; another caller's task is reported missing unless the caller is an admin. */
  async get(ctx: ActionContext, id: string): Promise<TaskRecord> {
    const task = await this.options.store.tasks.get(id);
    if (!task || !this.canSee(ctx, task)) throw taskNotFound();
    return task;
  }

  async list(ctx: ActionContext, query: TaskListQuery): Promise<{ tasks: TaskRecord[]; next_cursor: string | null }> {
    const limit = query.limit ?? 20;
    const admin = isAdmin(ctx.principal);
    if (query.owner_id !== undefined && !admin && query.owner_id !== ctx.principal.id) throw new AppError(403, 'forbidden', 'Forbidden: only admins may list other callers\' tasks', { missing_permission: 'admin' });
    if (!admin && ctx.principal.id === null) return { tasks: [], next_cursor: null };
    const owner = admin ? query.owner_id : ctx.principal.id!;
    const rows = await this.options.store.tasks.list({
      owner_id: owner,
      status: query.status,
      skill: query.skill,
      session_id: query.session_id,
      before: query.cursor !== undefined ? decodeCursor(query.cursor) : undefined,
      limit: limit + 1,
    });
    const tasks = rows.slice(0, limit);
    const last = tasks[tasks.length - 1];
    return { tasks, next_cursor: rows.length > limit && last ? encodeCursor(last) : null };
  }

  /**
   * Cancels a waiting or running task. On this node the model request is aborted and the answer
   * waits for the outcome; a task running on another node is flagged, and that node stops it at
   * its next heartbeat.
   */
  async cancel(ctx: ActionContext, id: string): Promise<TaskRecord> {
    const task = await this.get(ctx, id);
    if (isTerminal(task.status)) throw taskFinished(task.status);
    const local = (await this.runner?.cancel(id)) ?? false;
    if (!local) {
      const flagged = await this.options.store.tasks.transition(id, ['queued', 'running'], { cancel_requested: true, updated_at: new Date().toISOString() });
      if (!flagged) {
        const now = await this.options.store.tasks.get(id);
        if (now && isTerminal(now.status)) throw taskFinished(now.status);
      }
    }
    await this.options.audit.record(ctx, { action: 'task.cancel', resource_type: 'task', resource_id: id, outcome: 'success', details: { status: task.status, skill: task.skill, on_this_node: local } });
    return (await this.options.store.tasks.get(id)) ?? task;
  }

  /**
   * Sends a task's events to `listener` until its `done` event or until `signal` aborts; see
   * `followTask`.
   */
  follow(task: TaskRecord, listener: (event: NumberedTaskEvent) => void, options: { afterId?: number; signal: AbortSignal }): Promise<void> {
    return followTask({ hub: this.hub, store: this.options.store, pollMs: this.options.remotePollMs ?? 1_000 }, task, listener, options);
  }

  private async resolve(ctx: ActionContext, ref: string): Promise<ResolvedSkill> {
    try {
      return resolveTaskSkill(this.options.catalog.snapshot(), ref, ctx.principal, this.gate);
    } catch (err) {
      // A refused dangerous or quarantined skill is worth knowing about; an unknown name is not.
      if (err instanceof AppError && err.statusCode === 403) {
        await this.options.audit.record(ctx, { action: 'task.run', resource_type: 'skill', resource_id: ref, outcome: 'denied', details: { skill: ref, reason: err.code } });
      }
      throw err;
    }
  }

  private checkModel(model: string): void {
    const allowed = this.options.allowedModels ?? [];
    if (allowed.length > 0 && !allowed.includes(model)) throw modelNotAllowed(model, allowed);
  }

  private async history(owner: string, sessionId: string): Promise<TaskRecord[]> {
    const turns = await this.options.store.tasks.list({ owner_id: owner, session_id: sessionId, status: 'succeeded', limit: this.options.historyTurns ?? 20 });
    return turns.reverse();
  }

  private canSee(ctx: ActionContext, task: TaskRecord): boolean {
    return (task.owner_id !== null && task.owner_id === ctx.principal.id) || isAdmin(ctx.principal);
  }

  private get staleMs(): number {
    return this.options.staleMs ?? 60_000;
  }

  /** Marks this node alive, acts on cancel requests made through other nodes, and fails tasks of nodes gone silent. */
  private async beat(): Promise<void> {
    const { store, nodeId, logger } = this.options;
    try {
      const now = new Date();
      const toCancel = await store.tasks.heartbeat(nodeId, now.toISOString());
      for (const id of toCancel) void this.runner?.cancel(id);
      const failed = await store.tasks.failAbandoned(
        { staleBefore: new Date(now.getTime() - this.staleMs).toISOString() },
        { error: 'the node running the task stopped responding', error_code: 'node_lost', at: now.toISOString() },
      );
      if (failed > 0) logger.warn({ tasks: failed }, 'tasks of a node that stopped responding were marked failed');
    } catch (err) {
      logger.error({ err }, 'task heartbeat failed');
    }
  }
}

/** A task as first stored: queued on this node. */
function newTaskRecord(
  ctx: ActionContext,
  input: TaskInput,
  facts: Pick<TaskRecord, 'skill' | 'skill_version' | 'skill_source' | 'dangerous' | 'authority' | 'expansion'> & { nodeId: string },
): TaskRecord {
  const now = new Date().toISOString();
  return {
    id: `task_${randomBytes(12).toString('hex')}`,
    status: 'queued',
    query: input.query,
    skill: facts.skill,
    skill_version: facts.skill_version,
    skill_source: facts.skill_source,
    dangerous: facts.dangerous,
    authority: facts.authority,
    session_id: input.session_id ?? null,
    context: input.context ?? null,
    expansion: facts.expansion,
    result: '',
    usage: null,
    finish_reason: null,
    error: null,
    error_code: null,
    owner_id: ctx.principal.id,
    actor_kind: ctx.principal.kind,
    key_id: ctx.principal.keyId,
    request_id: ctx.requestId,
    node_id: facts.nodeId,
    cancel_requested: false,
    created_at: now,
    started_at: null,
    finished_at: null,
    heartbeat_at: now,
    updated_at: now,
  };
}

function encodeCursor(task: TaskRecord): string {
  return Buffer.from(JSON.stringify([task.created_at, task.id])).toString('base64url');
}

function decodeCursor(cursor: string): { created_at: string; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof createdAt === 'string' && typeof id === 'string') return { created_at: createdAt, id };
  } catch {
    // Reported below.
  }
  throw new AppError(400, 'invalid_cursor', 'cursor is not one this API gave out; start again without it');
}
