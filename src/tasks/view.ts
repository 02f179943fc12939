import type { TaskRecord } from '../store/index.js';
import type { ChatMessage } from './providers/types.js';
import type { TaskExpansion } from './types.js';

/** The answer to a submission: enough to follow the task. */
export function submittedView(task: TaskRecord) {
  return {
    task_id: task.id,
    status: task.status,
    message: 'Task submitted',
    created_at: task.created_at,
    skill: task.skill,
    skill_version: task.skill_version,
  };
}

/** A task as `GET /api/v1/tasks/{id}` answers it. */
export function taskView(task: TaskRecord) {
  return {
    task_id: task.id,
    status: task.status,
    query: task.query,
    skill: task.skill,
    skill_version: task.skill_version,
    skill_source: task.skill_source,
    dangerous: task.dangerous,
    authority: task.authority,
    session_id: task.session_id,
    context: task.context,
    expansion: task.expansion,
    result: task.result,
    usage: task.usage,
    finish_reason: task.finish_reason,
    error: task.error,
    error_code: task.error_code,
    owner_id: task.owner_id,
    cancel_requested: task.cancel_requested,
    created_at: task.created_at,
    started_at: task.started_at,
    finished_at: task.finished_at,
  };
}

/** A task in a list: everything but the prompt and the output, which can be long. */
export function taskSummaryView(task: TaskRecord) {
  const { expansion: _expansion, result: _result, context: _context, ...rest } = taskView(task);
  return { ...rest, model: task.expansion.model };
}

export interface DryRunFacts {
  skill: string | null;
  skill_version: string | null;
  skill_source: string | null;
  dangerous: boolean;
  authority: string | null;
  expansion: TaskExpansion;
  messages: ChatMessage[];
  maxTokens: number | null;
}

export type DryRunView = ReturnType<typeof dryRunView>;

/** What a task would do, without doing it: the expansion and the exact model request. */
export function dryRunView(facts: DryRunFacts) {
  return {
    dry_run: true as const,
    status: 'dry_run' as const,
    skill: facts.skill,
    skill_version: facts.skill_version,
    skill_source: facts.skill_source,
    dangerous: facts.dangerous,
    authority: facts.authority,
    expansion: facts.expansion,
    request: { model: facts.expansion.model, messages: facts.messages, max_tokens: facts.maxTokens },
  };
}
