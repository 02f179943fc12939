import type { NumberedTaskEvent, TaskEvent } from './types.js';

type Listener = (event: NumberedTaskEvent) => void;

interface Channel {
  events: NumberedTaskEvent[];
  listeners: Set<Listener>;
  finished: boolean;
  evict?: NodeJS.Timeout;
}

export interface TaskEventHubOptions {
  /** How long a finished task's events stay for late subscribers. Default one minute. */
  keepFinishedMs?: number;
  /** Most finished tasks held at once; the oldest go first. Default 200. */
  maxFinished?: number;
}

/**
 * The live progress of the tasks this node runs: every event of a task, numbered, kept so that a
 * subscriber arriving late first gets everything that already happened. A finished task's events
 * are kept for a while, then dropped (the stored task record still answers).
 */
export class TaskEventHub {
  private readonly channels = new Map<string, Channel>();
  private readonly finishedOrder: string[] = [];
  private readonly keepFinishedMs: number;
  private readonly maxFinished: number;

  constructor(options: TaskEventHubOptions = {}) {
    this.keepFinishedMs = options.keepFinishedMs ?? 60_000;
    this.maxFinished = options.maxFinished ?? 200;
  }

  open(taskId: string): void {
    if (!this.channels.has(taskId)) this.channels.set(taskId, { events: [], listeners: new Set(), finished: false });
  }

  has(taskId: string): boolean {
    return this.channels.has(taskId);
  }

  /** True once the task's `done` event has been sent. */
  isFinished(taskId: string): boolean {
    return this.channels.get(taskId)?.finished === true;
  }

  emit(taskId: string, event: TaskEvent): void {
    const channel = this.channels.get(taskId);
    if (!channel || channel.finished) return;
    const numbered = { ...event, id: channel.events.length + 1 } as NumberedTaskEvent;
    channel.events.push(numbered);
    for (const listener of [...channel.listeners]) listener(numbered);
    if (event.type === 'done') this.finish(taskId, channel);
  }

  /**
   * Sends every held event after `afterId` to `listener` at once, then each new one as it happens.
   * Returns the unsubscribe function, or undefined when this node holds no events for the task.
   */
  subscribe(taskId: string, afterId: number, listener: Listener): (() => void) | undefined {
    const channel = this.channels.get(taskId);
    if (!channel) return undefined;
    // Replay and subscription happen in one synchronous stretch, so no event falls between them.
    for (const event of channel.events) if (event.id > afterId) listener(event);
    if (channel.finished) return () => {};
    channel.listeners.add(listener);
    return () => channel.listeners.delete(listener);
  }

  close(): void {
    for (const channel of this.channels.values()) if (channel.evict) clearTimeout(channel.evict);
    this.channels.clear();
    this.finishedOrder.length = 0;
  }

  private finish(taskId: string, channel: Channel): void {
    channel.finished = true;
    channel.listeners.clear();
    channel.evict = setTimeout(() => this.drop(taskId), this.keepFinishedMs);
    channel.evict.unref();
    this.finishedOrder.push(taskId);
    while (this.finishedOrder.length > this.maxFinished) this.drop(this.finishedOrder[0]!);
  }

  private drop(taskId: string): void {
    const channel = this.channels.get(taskId);
    if (channel?.evict) clearTimeout(channel.evict);
    this.channels.delete(taskId);
    const at = this.finishedOrder.indexOf(taskId);
    if (at !== -1) this.finishedOrder.splice(at, 1);
  }
}
