import type { Store, TaskRecord } from '../store/index.js';
import type { TaskEventHub } from './event-hub.js';
import { eventsFromRecord } from './replay.js';
import { isTerminal, type NumberedTaskEvent } from './types.js';

export interface FollowDeps {
  hub: TaskEventHub;
  store: Store;
  /** How often a task this node does not hold is read again. */
  pollMs: number;
}

/**
 * Sends a task's events to `listener` until its `done` event or until `signal` aborts: the live
 * events (after `afterId`) when this node holds them, otherwise what the stored task says, read
 * again every `pollMs` until the task finishes (it runs on another node, or finished long ago).
 */
export async function followTask(
  deps: FollowDeps,
  task: TaskRecord,
  listener: (event: NumberedTaskEvent) => void,
  options: { afterId?: number; signal: AbortSignal },
): Promise<void> {
  if (options.signal.aborted) return;
  if (deps.hub.has(task.id)) {
    const ended = await followLive(deps.hub, task.id, listener, options.afterId ?? 0, options.signal);
    if (ended) return;
  }
  let sent = 0;
  let current: TaskRecord | undefined = task;
  while (current && !options.signal.aborted) {
    const events = eventsFromRecord(current);
    for (const event of events.slice(sent)) listener({ ...event, id: ++sent } as NumberedTaskEvent);
    if (isTerminal(current.status)) return;
    await abortableDelay(deps.pollMs, options.signal);
    current = await deps.store.tasks.get(task.id);
  }
}

/** True once `done` was sent (or there is nothing after `afterId`); false when the hub no longer holds the task. */
function followLive(hub: TaskEventHub, taskId: string, listener: (event: NumberedTaskEvent) => void, afterId: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    let finished = false;
    let unsubscribe: (() => void) | undefined;
    const end = () => {
      if (finished) return;
      finished = true;
      unsubscribe?.();
      signal.removeEventListener('abort', end);
      resolve(true);
    };
    unsubscribe = hub.subscribe(taskId, afterId, (event) => {
      if (finished) return;
      listener(event);
      if (event.type === 'done') end();
    });
    if (!unsubscribe) return resolve(false);
    // Resumed after the last event of a finished task: there is nothing more to send.
    if (!finished && hub.isFinished(taskId)) end();
    if (finished) unsubscribe();
    else signal.addEventListener('abort', end, { once: true });
  });
}

function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
