import type { SourceState } from '../catalog/types.js';

/**
 * Something that feeds skills into the catalog. A source publishes its whole current state each
 * time it changes; the catalog rebuilds its snapshot from the latest state of every source.
 */
export interface SkillSource {
  /** Unique key of this source within the catalog. */
  readonly key: string;
  /**
   * Loads everything once, publishes it, then keeps publishing changes until stopped. A publish
   * may name the skills it changed, letting the catalog patch instead of rebuild.
   */
  start(publish: (state: SourceState, changedNames?: ReadonlySet<string>) => void): Promise<void>;
  /** Reloads everything from scratch and publishes the result. */
  reload(): Promise<void>;
  stop(): Promise<void>;
}
