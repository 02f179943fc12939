import { EventEmitter } from 'node:events';
import type { SkillEntry, SourceKind } from './types.js';

export type CatalogEventType = 'skill.created' | 'skill.updated' | 'skill.deleted';

/** What changed in the catalog, one skill version at a time. */
export interface CatalogEvent {
  /** Position in this node's event sequence; what SSE clients send back as Last-Event-ID. */
  id: number;
  type: CatalogEventType;
  name: string;
  version: string;
  source: SourceKind;
  generation: number;
  at: string;
  /** The entry after the change (before it, for deletions): used to decide who may see the event. */
  entry: SkillEntry;
  /**
   * Made by another node sharing the database, which announces it itself: streams show it, but
   * work done once per change (webhook deliveries, scans) is left to that node.
   */
  peer?: boolean;
}

/**
 * The recent history of catalog changes, kept in memory so a client that reconnects with
 * Last-Event-ID gets what it missed, and fanned out to live listeners (SSE, webhooks).
 */
export class CatalogEventLog {
  private readonly events: CatalogEvent[] = [];
  private readonly emitter = new EventEmitter();
  private nextId = 1;

  constructor(private readonly capacity = 10_000) {
    this.emitter.setMaxListeners(0);
  }

  append(items: Array<Omit<CatalogEvent, 'id'>>): CatalogEvent[] {
    const appended = items.map((item) => ({ ...item, id: this.nextId++ }));
    this.events.push(...appended);
    if (this.events.length > this.capacity) this.events.splice(0, this.events.length - this.capacity);
    for (const event of appended) this.emitter.emit('event', event);
    return appended;
  }

  /** Events after `lastId`, or null when they are no longer held (the client must resync). */
  since(lastId: number): CatalogEvent[] | null {
    const first = this.events[0];
    if (first && lastId < first.id - 1) return null;
    return this.events.filter((event) => event.id > lastId);
  }

  get lastId(): number {
    return this.nextId - 1;
  }

  subscribe(listener: (event: CatalogEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
