import { EventEmitter } from 'node:events';
import { CatalogEventLog, type CatalogEvent } from './events.js';
import { CatalogSnapshot } from './snapshot.js';
import type { SkillEntry, SourceState } from './types.js';

export interface CatalogChange {
  generation: number;
  /** Which source caused the rebuild. */
  source: string;
}

/**
 * Holds the current snapshot and rebuilds it when a source reports new state. Reads take the
 * snapshot reference and never wait: a rebuild creates a new snapshot and swaps the reference.
 */
export class Catalog {
  private current = CatalogSnapshot.empty();
  private readonly states = new Map<string, SourceState>();
  private readonly events = new EventEmitter();
  /** Per-version changes, for SSE and webhooks. */
  readonly log = new CatalogEventLog();
  private readonly lastLoad = new Map<string, string>();

  snapshot(): CatalogSnapshot {
    return this.current;
  }

  get generation(): number {
    return this.current.generation;
  }

  /** Replaces everything the named source offers and publishes a new snapshot. */
  update(sourceKey: string, state: SourceState): CatalogSnapshot {
    this.states.set(sourceKey, state);
    this.lastLoad.set(sourceKey, new Date().toISOString());
    const previous = this.current;
    this.current = CatalogSnapshot.build(previous.generation + 1, this.states.values());
    this.log.append(diff(previous, this.current));
    this.events.emit('change', { generation: this.current.generation, source: sourceKey } satisfies CatalogChange);
    return this.current;
  }

  /** What each source offers now, and when it last reported. */
  sourceStatus(): Array<{ source: string; skills: number; errors: number; last_load_at: string | null }> {
    return [...this.states.entries()].map(([source, state]) => ({
      source,
      skills: state.entries.length,
      errors: state.errors.length,
      last_load_at: this.lastLoad.get(source) ?? null,
    }));
  }

  onChange(listener: (change: CatalogChange) => void): () => void {
    this.events.on('change', listener);
    return () => this.events.off('change', listener);
  }
}

/** Served versions that appeared, changed or went away between two snapshots. */
function diff(before: CatalogSnapshot, after: CatalogSnapshot): Array<Omit<CatalogEvent, 'id'>> {
  const at = new Date().toISOString();
  const key = (entry: SkillEntry) => `${entry.name}@${entry.version}`;
  const old = new Map<string, SkillEntry>();
  for (const entry of before.allVersions()) old.set(key(entry), entry);
  const events: Array<Omit<CatalogEvent, 'id'>> = [];
  const make = (type: CatalogEvent['type'], entry: SkillEntry) => ({ type, name: entry.name, version: entry.version, source: entry.source, generation: after.generation, at, entry });
  for (const entry of after.allVersions()) {
    const was = old.get(key(entry));
    old.delete(key(entry));
    if (!was) events.push(make('skill.created', entry));
    else if (was !== entry && (was.contentHash !== entry.contentHash || was.access !== entry.access || was.source !== entry.source)) events.push(make('skill.updated', entry));
  }
  for (const entry of old.values()) events.push(make('skill.deleted', entry));
  return events;
}
