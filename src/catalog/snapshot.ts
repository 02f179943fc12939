import { compareVersionsDesc, normaliseRequestedVersion } from '../format/index.js';
import { SOURCE_PRECEDENCE, type SkillEntry, type SourceError, type SourceState, type VersionConflict } from './types.js';

/**
 * An immutable view of every skill version at one moment. Built once per change and swapped in
 * whole, so a reader holding a snapshot never sees a half-applied update.
 */
export class CatalogSnapshot {
  readonly generation: number;
  readonly builtAt: string;
  /** Every category of every version, sorted. */
  readonly categories: readonly string[];
  readonly errors: readonly SourceError[];
  readonly conflicts: readonly VersionConflict[];
  /** Name → versions, newest first. */
  private readonly byName: ReadonlyMap<string, readonly SkillEntry[]>;
  /** The version a bare name resolves to, per name, sorted by name. */
  private readonly current: readonly SkillEntry[];
  /** True when some entry is not global, so what a caller sees depends on who it is. */
  readonly hasRestricted: boolean;

  private constructor(generation: number, byName: Map<string, SkillEntry[]>, errors: SourceError[], conflicts: VersionConflict[]) {
    this.generation = generation;
    this.builtAt = new Date().toISOString();
    this.byName = byName;
    this.errors = errors;
    this.conflicts = conflicts;
    const categories = new Set<string>();
    const current: SkillEntry[] = [];
    let restricted = false;
    for (const versions of byName.values()) {
      for (const entry of versions) {
        categories.add(entry.manifest.category);
        if (entry.access.visibility !== 'global') restricted = true;
      }
      current.push(pickCurrent(versions));
    }
    this.hasRestricted = restricted;
    this.categories = [...categories].sort();
    this.current = current.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  static empty(): CatalogSnapshot {
    return new CatalogSnapshot(0, new Map(), [], []);
  }

  static build(generation: number, states: Iterable<SourceState>): CatalogSnapshot {
    const candidates = new Map<string, SkillEntry[]>();
    const errors: SourceError[] = [];
    for (const state of states) {
      for (const entry of state.entries) {
        const key = `${entry.name}@${entry.version}`;
        const list = candidates.get(key);
        if (list) list.push(entry);
        else candidates.set(key, [entry]);
      }
      errors.push(...state.errors);
    }

    const byName = new Map<string, SkillEntry[]>();
    const conflicts: VersionConflict[] = [];
    for (const list of candidates.values()) {
      list.sort(byPrecedence);
      const served = list[0]!;
      if (list.length > 1) {
        conflicts.push({
          name: served.name,
          version: served.version,
          served: origin(served),
          shadowed: list.slice(1).map(origin),
        });
      }
      const versions = byName.get(served.name);
      if (versions) versions.push(served);
      else byName.set(served.name, [served]);
    }
    for (const versions of byName.values()) versions.sort((a, b) => compareVersionsDesc(a.version, b.version));
    conflicts.sort((a, b) => (a.name === b.name ? compareVersionsDesc(a.version, b.version) : a.name < b.name ? -1 : 1));
    errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    return new CatalogSnapshot(generation, byName, errors, conflicts);
  }

  get size(): number {
    return this.current.length;
  }

  /**
   * The highest enabled version; when none is enabled, the highest (which reports itself
   * disabled). With `visible`, only versions the caller may see count.
   */
  resolve(name: string, visible?: Visible): SkillEntry | undefined {
    const versions = this.versions(name, visible);
    return versions ? pickCurrent(versions) : undefined;
  }

  /** Exactly `name@version`; `1.0` finds `1.0.0`. */
  resolveExact(name: string, version: string, visible?: Visible): SkillEntry | undefined {
    const wanted = normaliseRequestedVersion(version);
    if (wanted === null) return undefined;
    return this.versions(name, visible)?.find((entry) => entry.version === wanted);
  }

  /** Resolves `name` or `name@version`. */
  resolveRef(ref: string, visible?: Visible): SkillEntry | undefined {
    const at = ref.lastIndexOf('@');
    return at > 0 ? this.resolveExact(ref.slice(0, at), ref.slice(at + 1), visible) : this.resolve(ref, visible);
  }

  /** Every version of a name, newest first; undefined when the caller can see none. */
  versions(name: string, visible?: Visible): readonly SkillEntry[] | undefined {
    const versions = this.byName.get(name);
    if (!versions || !visible || !this.hasRestricted) return versions;
    const seen = versions.filter(visible);
    return seen.length > 0 ? seen : undefined;
  }

  /** One entry per name (the version a bare name resolves to), sorted by name. */
  list(filter: { category?: string; visible?: Visible } = {}): readonly SkillEntry[] {
    let entries = this.current;
    if (filter.visible && this.hasRestricted) {
      const visible = filter.visible;
      entries = [];
      for (const versions of this.byName.values()) {
        const seen = versions.filter(visible);
        if (seen.length > 0) (entries as SkillEntry[]).push(pickCurrent(seen));
      }
      (entries as SkillEntry[]).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    }
    if (filter.category === undefined) return entries;
    return entries.filter((entry) => entry.manifest.category === filter.category);
  }

  /** Every version of every skill. */
  *allVersions(): IterableIterator<SkillEntry> {
    for (const versions of this.byName.values()) yield* versions;
  }
}

/** Whether the caller may see an entry. */
export type Visible = (entry: SkillEntry) => boolean;

function pickCurrent(versions: readonly SkillEntry[]): SkillEntry {
  return versions.find((entry) => entry.manifest.enabled) ?? versions[0]!;
}

/** Source precedence first, then the order within the source, then the source's own id, so the same files always give the same winner. */
function byPrecedence(a: SkillEntry, b: SkillEntry): number {
  const rank = SOURCE_PRECEDENCE[a.source] - SOURCE_PRECEDENCE[b.source] || a.sourceOrder - b.sourceOrder;
  if (rank !== 0) return rank;
  return a.sourceId < b.sourceId ? -1 : a.sourceId > b.sourceId ? 1 : 0;
}

function origin(entry: SkillEntry) {
  return { source: entry.source, source_id: entry.sourceId, source_path: entry.sourcePath };
}
