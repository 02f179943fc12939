import type { SkillEntry } from '../catalog/index.js';
import type { TaskExpansion, TaskRecord, TaskStatus, TaskUsage } from '../store/index.js';

export type { TaskExpansion, TaskRecord, TaskStatus, TaskUsage };

/**
 * Whether a skill may run now; the quarantine policy decides. `reason` is a sentence for the
 * caller (`Skill x is quarantined: ...`), sent as the 403's error message.
 */
export type RunGateDecision = { blocked: false } | { blocked: true; reason: string };

/** Asked for every task that uses a skill, after the caller's own checks. */
export type RunGate = (entry: SkillEntry) => RunGateDecision;

/** The gate used when none is configured: nothing is blocked. */
export const OPEN_GATE: RunGate = () => ({ blocked: false });

export const TERMINAL_STATUSES: ReadonlySet<TaskStatus> = new Set(['succeeded', 'failed', 'cancelled']);

export const isTerminal = (status: TaskStatus): boolean => TERMINAL_STATUSES.has(status);

/** What a caller sends to `POST /api/v1/tasks`. */
export interface TaskInput {
  query: string;
  /** `name` (highest enabled version) or `name@version`. */
  skill?: string;
  /** Tasks sharing a session id (and an owner) see the earlier turns as conversation history. */
  session_id?: string;
  context?: Record<string, unknown>;
  /** Used when no skill is given; a skill's body replaces it. */
  system_prompt?: string;
  budget_max?: number;
  model?: string;
  stream?: boolean;
  dry_run?: boolean;
}

/**
 * Progress of one task, as sent to event-stream subscribers. Every stream ends with `done`; a
 * failure sends `error` just before it.
 */
export type TaskEvent =
  | { type: 'status'; status: TaskStatus; at: string }
  | { type: 'content'; text: string }
  | { type: 'usage'; usage: TaskUsage }
  | { type: 'error'; code: string; message: string }
  | { type: 'done'; status: TaskStatus; finish_reason: string | null };

/** A task event with its position in the task's stream (1, 2, ...). */
export type NumberedTaskEvent = TaskEvent & { id: number };
