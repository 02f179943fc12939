import type { SkillEntry, SourceState } from '../catalog/types.js';

/** The raw bytes of one file of a skill, as the scanner reads them. */
export interface RawSkillFile {
  /** `SKILL.md` for the skill file itself (whatever its name on disk), else the path beside it. */
  path: string;
  content: Uint8Array;
  /** True when the file was longer than asked for and `content` holds only its start. */
  truncated: boolean;
}

/** Facts about one publish that the catalog passes on with the events it produces. */
export interface PublishMeta {
  /** The change was made by another node (or the CLI) and reached this one through the database. */
  peer?: boolean;
}

export type Publish = (state: SourceState, changedNames?: ReadonlySet<string>, meta?: PublishMeta) => void;

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
  start(publish: Publish): Promise<void>;
  /** Reloads everything from scratch and publishes the result. */
  reload(): Promise<void>;
  stop(): Promise<void>;
  /**
   * The raw files of one of this source's entries, SKILL.md first, each read up to `maxBytes`
   * (so a huge file costs no more than the scanner would look at). Undefined when the entry is
   * no longer there.
   */
  readFiles?(entry: SkillEntry, maxBytes: number): Promise<RawSkillFile[] | undefined>;
}
