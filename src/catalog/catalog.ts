import { EventEmitter } from 'node:events';
import { CatalogSnapshot } from './snapshot.js';
import type { SourceState } from './types.js';

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

  snapshot(): CatalogSnapshot {
    return this.current;
  }

  get generation(): number {
    return this.current.generation;
  }

  /** Replaces everything the named source offers and publishes a new snapshot. */
  update(sourceKey: string, state: SourceState): CatalogSnapshot {
    this.states.set(sourceKey, state);
    this.current = CatalogSnapshot.build(this.current.generation + 1, this.states.values());
    this.events.emit('change', { generation: this.current.generation, source: sourceKey } satisfies CatalogChange);
    return this.current;
  }

  onChange(listener: (change: CatalogChange) => void): () => void {
    this.events.on('change', listener);
    return () => this.events.off('change', listener);
  }
}
