import type { TaskRecord } from '../store/index.js';
import { isTerminal, type TaskEvent } from './types.js';

/**
 * The events a stored task stands for, for a subscriber this node holds no live events for (the
 * task ran elsewhere, or long ago). The output comes as one `content` event. For an unfinished
 * task the list is a prefix of the one it will have once finished, so a poller can send the
 * difference each time.
 */
export function eventsFromRecord(task: TaskRecord): TaskEvent[] {
  const events: TaskEvent[] = [{ type: 'status', status: 'queued', at: task.created_at }];
  if (task.started_at) events.push({ type: 'status', status: 'running', at: task.started_at });
  if (!isTerminal(task.status)) return events;
  if (task.result) events.push({ type: 'content', text: task.result });
  if (task.usage) events.push({ type: 'usage', usage: task.usage });
  if (task.status === 'failed') events.push({ type: 'error', code: task.error_code ?? 'task_failed', message: task.error ?? 'the task failed' });
  events.push({ type: 'status', status: task.status, at: task.finished_at ?? task.updated_at });
  events.push({ type: 'done', status: task.status, finish_reason: task.finish_reason });
  return events;
}
