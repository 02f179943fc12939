import type { Diagnostic, SkillFile, SkillLayout, SkillManifest } from '../format/index.js';

/** Where a skill came from. Lower precedence rank wins when one name@version exists in several. */
export type SourceKind = 'filesystem' | 'config' | 'hub';

export const SOURCE_PRECEDENCE: Record<SourceKind, number> = {
  // Operator-controlled directories first, then skills users stored through the API, then hubs.
  filesystem: 0,
  config: 1,
  hub: 2,
};

export type Visibility = 'private' | 'team' | 'global';

/** Who may see an entry: directory and hub skills are global; stored configs say. */
export interface EntryAccess {
  visibility: Visibility;
  owner_id: string | null;
  shared_with_teams: readonly string[];
}

export const GLOBAL_ACCESS: EntryAccess = Object.freeze({ visibility: 'global', owner_id: null, shared_with_teams: [] });

/** One version of one skill, as the catalog serves it. Immutable once built. */
export interface SkillEntry {
  readonly name: string;
  readonly version: string;
  readonly manifest: SkillManifest;
  /** Markdown body without the frontmatter. */
  readonly body: string;
  readonly contentHash: string;
  readonly warnings: readonly Diagnostic[];
  readonly source: SourceKind;
  /** Stable identifier within its source. */
  readonly sourceId: string;
  /**
   * Place of its origin within its source, lower first: for directories, the position of its
   * skills directory in SKILLPORT_SKILLS_PATH. Decides between copies of one name@version.
   */
  readonly sourceOrder: number;
  /** Path relative to the skills directory it was loaded from. */
  readonly sourcePath: string;
  readonly layout: SkillLayout;
  /** Files shipped beside SKILL.md, sorted by path. */
  readonly files: readonly SkillFile[];
  /** ISO 8601 time this version was (re)loaded. */
  readonly loadedAt: string;
  /** ISO 8601 time the content last changed (file change or config update). */
  readonly updatedAt: string;
  readonly access: EntryAccess;
  /** Built-in rows imported from packaged templates. */
  readonly isSystem: boolean;
}

/** A file a source could not load, kept visible until it is fixed or removed. */
export interface SourceError {
  source: SourceKind;
  /** Path relative to its skills directory. */
  file: string;
  diagnostics: Diagnostic[];
  /** True when an earlier good version of this file is still being served. */
  serving_previous_version: boolean;
  at: string;
}

/** Two files that claim the same name@version; the first listed is served. */
export interface VersionConflict {
  name: string;
  version: string;
  served: { source: SourceKind; source_id: string; source_path: string };
  shadowed: Array<{ source: SourceKind; source_id: string; source_path: string }>;
}

/** Everything one source currently offers. */
export interface SourceState {
  entries: SkillEntry[];
  errors: SourceError[];
}
