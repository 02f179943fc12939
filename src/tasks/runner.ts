import type { Store, TaskRecord, TaskStatus } from '../store/index.js';
import type { Logger } from '../util/logger.js';
import type { TaskEventHub } from './event-hub.js';
import { ProviderError, type ChatProvider, type ChatRequest, type ChatUsage } from './providers/types.js';

/** A queued task and the exact request its run sends to the model. */
export interface RunPlan {
  task: TaskRecord;
  request: ChatRequest;
}

interface Active {
  controller: AbortController;
  /** Why the run was aborted, once it was. */
  stopReason: 'cancel' | 'shutdown' | null;
  settled: Promise<void>;
}

export interface TaskRunnerOptions {
  store: Store;
  provider: ChatProvider;
  hub: TaskEventHub;
  logger: Logger;
  /** Tasks running at once; the rest wait in order. */
  concurrency: number;
  /** Most tasks waiting at once. */
  maxQueued: number;
}

interface Outcome {
  status: Extract<TaskStatus, 'succeeded' | 'failed' | 'cancelled'>;
  result: string;
  usage: ChatUsage | null;
  finishReason: string | null;
  error: string | null;
  errorCode: string | null;
}

export const SHUTDOWN_MESSAGE = 'server shut down while the task was running';

const SHUTDOWN_BEFORE_START: Outcome = { status: 'failed', result: '', usage: null, finishReason: null, error: 'server shut down before the task started', errorCode: 'server_shutdown' };

/**
 * Runs tasks in this process, a few at a time, in the order they came. Each run streams the
 * model's answer into the task's events and stores the outcome; a cancel aborts the provider
 * request; shutting down aborts what runs and fails what waits.
 */
export class TaskRunner {
  private readonly queue: RunPlan[] = [];
  private readonly active = new Map<string, Active>();
  private stopping = false;

  constructor(private readonly options: TaskRunnerOptions) {}

  /** Whether another task can be accepted now. */
  get accepting(): boolean {
    return !this.stopping && this.queue.length < this.options.maxQueued;
  }

  enqueue(plan: RunPlan): void {
    // Accepted just as shutdown began: settle it now rather than leave it waiting forever.
    if (this.stopping) {
      void this.settleUnstarted(plan.task, SHUTDOWN_BEFORE_START);
      return;
    }
    this.queue.push(plan);
    this.pump();
  }

  /**
   * Cancels a task held here: a waiting one is taken out of the queue, a running one has its model
   * request aborted. Resolves once the outcome is stored; false when this node does not hold it.
   */
  async cancel(taskId: string): Promise<boolean> {
    const waiting = this.queue.findIndex((plan) => plan.task.id === taskId);
    if (waiting !== -1) {
      const [plan] = this.queue.splice(waiting, 1);
      await this.settleUnstarted(plan!.task, { status: 'cancelled', result: '', usage: null, finishReason: null, error: null, errorCode: null });
      return true;
    }
    const active = this.active.get(taskId);
    if (!active) return false;
    active.stopReason ??= 'cancel';
    active.controller.abort();
    await active.settled;
    return true;
  }

  /** Stops taking work, fails what waits, aborts what runs, and waits until every outcome is stored. */
  async stop(): Promise<void> {
    this.stopping = true;
    const waiting = this.queue.splice(0);
    await Promise.all(waiting.map((plan) => this.settleUnstarted(plan.task, SHUTDOWN_BEFORE_START)));
    for (const active of this.active.values()) {
      active.stopReason ??= 'shutdown';
      active.controller.abort();
    }
    await Promise.all([...this.active.values()].map((active) => active.settled));
  }

  private pump(): void {
    while (!this.stopping && this.active.size < this.options.concurrency && this.queue.length > 0) {
      const plan = this.queue.shift()!;
      const active: Active = { controller: new AbortController(), stopReason: null, settled: Promise.resolve() };
      this.active.set(plan.task.id, active);
      active.settled = this.run(plan, active)
        .catch((err: unknown) => this.options.logger.error({ err, task_id: plan.task.id }, 'task run failed unexpectedly'))
        .finally(() => {
          this.active.delete(plan.task.id);
          this.pump();
        });
    }
  }

  private async run(plan: RunPlan, active: Active): Promise<void> {
    const { store, hub, provider, logger } = this.options;
    const { task } = plan;
    const startedAt = new Date().toISOString();
    // A cancel (or, on a shared database, another node's sweep) may have settled it meanwhile.
    const started = await store.tasks.transition(task.id, ['queued'], { status: 'running', started_at: startedAt, updated_at: startedAt });
    if (!started) return this.announceStored(task.id);
    hub.emit(task.id, { type: 'status', status: 'running', at: startedAt });
    logger.info({ task_id: task.id, skill: task.skill, skill_version: task.skill_version, model: plan.request.model ?? provider.defaultModel ?? null }, 'task started');

    let text = '';
    let outcome: Outcome;
    try {
      const result = await provider.chat(plan.request, {
        signal: active.controller.signal,
        onDelta: (piece) => {
          text += piece;
          hub.emit(task.id, { type: 'content', text: piece });
        },
      });
      outcome = { status: 'succeeded', result: result.text, usage: result.usage, finishReason: result.finishReason, error: null, errorCode: null };
    } catch (err) {
      outcome = this.failureOutcome(err, active, text, task.id);
    }
    await this.settle(task, outcome);
  }

  private failureOutcome(err: unknown, active: Active, text: string, taskId: string): Outcome {
    const base = { result: text, usage: null, finishReason: null };
    if (active.stopReason === 'cancel') return { ...base, status: 'cancelled', error: null, errorCode: null };
    if (active.stopReason === 'shutdown') return { ...base, status: 'failed', error: SHUTDOWN_MESSAGE, errorCode: 'server_shutdown' };
    if (err instanceof ProviderError) {
      const attempts = err.details.attempts && err.details.attempts > 1 ? ` (after ${err.details.attempts} attempts)` : '';
      return { ...base, status: 'failed', error: `Model provider failed: ${err.message}${attempts}`, errorCode: err.code };
    }
    this.options.logger.error({ err, task_id: taskId }, 'task failed unexpectedly');
    return { ...base, status: 'failed', error: 'Internal error while running the task', errorCode: 'internal_error' };
  }

  /** Stores a run's outcome (if the task is still running) and announces it to subscribers. */
  private async settle(task: TaskRecord, outcome: Outcome): Promise<void> {
    const stored = await this.storeOutcome(task, ['running'], outcome, {
      result: outcome.result,
      usage: outcome.usage,
      finish_reason: outcome.finishReason,
    });
    if (stored === 'moved_on') return this.announceStored(task.id);
    this.options.logger.info({ task_id: task.id, status: outcome.status, error_code: outcome.errorCode, total_tokens: outcome.usage?.total_tokens ?? null }, 'task finished');
    this.announce(task.id, outcome, stored);
  }

  /** Settles a task that never started (cancelled in the queue, or dropped at shutdown). */
  private async settleUnstarted(task: TaskRecord, outcome: Outcome): Promise<void> {
    const stored = await this.storeOutcome(task, ['queued'], outcome, {});
    if (stored === 'moved_on') return this.announceStored(task.id);
    this.announce(task.id, outcome, stored);
  }

  /**
   * Writes a task's final state if it is still in `from`. Returns when it was settled, or
   * `moved_on` when someone else settled it first (a cancel, another node). A failed write is
   * logged and the outcome still announced, so nobody following the task waits forever.
   */
  private async storeOutcome(task: TaskRecord, from: TaskStatus[], outcome: Outcome, fields: Partial<TaskRecord>): Promise<string> {
    const at = new Date().toISOString();
    try {
      const stored = await this.options.store.tasks.transition(task.id, from, {
        ...fields,
        status: outcome.status,
        error: outcome.error,
        error_code: outcome.errorCode,
        finished_at: at,
        updated_at: at,
      });
      if (!stored) return 'moved_on';
    } catch (err) {
      this.options.logger.error({ err, task_id: task.id }, 'could not store a task outcome');
    }
    return at;
  }

  private announce(taskId: string, outcome: Outcome, at: string): void {
    const { hub } = this.options;
    if (outcome.usage) hub.emit(taskId, { type: 'usage', usage: outcome.usage });
    if (outcome.status === 'failed') hub.emit(taskId, { type: 'error', code: outcome.errorCode ?? 'task_failed', message: outcome.error ?? 'the task failed' });
    hub.emit(taskId, { type: 'status', status: outcome.status, at });
    hub.emit(taskId, { type: 'done', status: outcome.status, finish_reason: outcome.finishReason });
  }

  /** Someone else settled the task first: tell subscribers what the store says. */
  private async announceStored(taskId: string): Promise<void> {
    const stored = await this.options.store.tasks.get(taskId).catch(() => undefined);
    if (!stored || (stored.status !== 'succeeded' && stored.status !== 'failed' && stored.status !== 'cancelled')) return;
    this.announce(
      taskId,
      { status: stored.status, result: stored.result, usage: stored.usage, finishReason: stored.finish_reason, error: stored.error, errorCode: stored.error_code },
      stored.finished_at ?? stored.updated_at,
    );
  }
}
