import { compareVersionsDesc, normaliseRequestedVersion } from '../format/index.js';
import { SOURCE_PRECEDENCE, type SkillEntry, type SourceError, type SourceState, type VersionConflict } from './types.js';

/**
 * An immutable view of every skill version at one moment. Built once per change and swapped in
 * whole, so a reader holding a snapshot never sees a half-applied update.
 */
export class CatalogSnapshot {
  readonly generation: number;
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

  private constructor(
    generation: number,
    byName: Map<string, SkillEntry[]>,
    errors: SourceError[],
    conflicts: VersionConflict[],
    derived?: { current: SkillEntry[]; categoryCounts: Map<string, number>; restricted: number },
  ) {
    this.generation = generation;
    this.byName = byName;
    this.errors = errors;
    this.conflicts = conflicts;
    if (derived) {
      this.current = derived.current;
      this.categoryCounts = derived.categoryCounts;
      this.restrictedCount = derived.restricted;
    } else {
      const counts = new Map<string, number>();
      const current: SkillEntry[] = [];
      let restricted = 0;
      for (const versions of byName.values()) {
        restricted += tally(counts, versions, 1);
        current.push(pickCurrent(versions));
      }
      this.current = current.sort(byName_);
      this.categoryCounts = counts;
      this.restrictedCount = restricted;
    }
    this.hasRestricted = this.restrictedCount > 0;
    this.categories = [...this.categoryCounts.keys()].sort();
  }

  /** How many versions use each category; kept so a patch can update categories without a full pass. */
  private readonly categoryCounts: Map<string, number>;
  private readonly restrictedCount: number;

  static empty(): CatalogSnapshot {
    return new CatalogSnapshot(0, new Map(), [], []);
  }

  static build(generation: number, states: Iterable<SourceState>): CatalogSnapshot {
    const candidates = new Map<string, SkillEntry[]>();
    const errors: SourceError[] = [];
    for (const state of states) {
      for (const entry of state.entries) {
        const list = candidates.get(entry.name);
        if (list) list.push(entry);
        else candidates.set(entry.name, [entry]);
      }
      errors.push(...state.errors);
    }
    const byName = new Map<string, SkillEntry[]>();
    const conflicts: VersionConflict[] = [];
    for (const [name, entries] of candidates) byName.set(name, resolveName(entries, conflicts));
    conflicts.sort(byConflict);
    errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    return new CatalogSnapshot(generation, byName, errors, conflicts);
  }

  /**
   * A new snapshot that differs from this one only in the given names, each with every candidate
   * entry from every source. Costs in proportion to the names changed, not to the catalog, so a
   * stored skill's save does not rebuild ten thousand others.
   */
  patch(generation: number, changed: ReadonlyMap<string, readonly SkillEntry[]>, errors: SourceError[]): CatalogSnapshot {
    const byName = new Map(this.byName as Map<string, SkillEntry[]>);
    const counts = new Map(this.categoryCounts);
    let restricted = this.restrictedCount;
    const current = [...this.current];
    const conflicts = this.conflicts.filter((c) => !changed.has(c.name));
    for (const [name, entries] of changed) {
      const before = byName.get(name);
      if (before) restricted -= tally(counts, before, -1);
      const at = binarySearch(current, name);
      if (entries.length === 0) {
        byName.delete(name);
        if (at.found) current.splice(at.index, 1);
        continue;
      }
      const versions = resolveName([...entries], conflicts);
      byName.set(name, versions);
      restricted += tally(counts, versions, 1);
      if (at.found) current[at.index] = pickCurrent(versions);
      else current.splice(at.index, 0, pickCurrent(versions));
    }
    conflicts.sort(byConflict);
    errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    return new CatalogSnapshot(generation, byName, errors, conflicts, { current, categoryCounts: counts, restricted });
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
    // Global versions look alike to every caller: no filtered copy unless some version is restricted.
    if (versions.every(isGlobal)) return visible(versions[0]!) ? versions : undefined;
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

/** One name's entries from every source: one served entry per version (the rest are conflicts), newest first. */
function resolveName(entries: SkillEntry[], conflicts: VersionConflict[]): SkillEntry[] {
  const byVersion = new Map<string, SkillEntry[]>();
  for (const entry of entries) {
    const list = byVersion.get(entry.version);
    if (list) list.push(entry);
    else byVersion.set(entry.version, [entry]);
  }
  const versions: SkillEntry[] = [];
  for (const list of byVersion.values()) {
    list.sort(byPrecedence);
    const served = list[0]!;
    if (list.length > 1) conflicts.push({ name: served.name, version: served.version, served: origin(served), shadowed: list.slice(1).map(origin) });
    versions.push(served);
  }
  return versions.sort((a, b) => compareVersionsDesc(a.version, b.version));
}

/** Adds (`sign` 1) or removes (-1) versions from the category counts; returns how many are restricted. */
function tally(counts: Map<string, number>, versions: readonly SkillEntry[], sign: 1 | -1): number {
  let restricted = 0;
  for (const entry of versions) {
    const category = entry.manifest.category;
    const next = (counts.get(category) ?? 0) + sign;
    if (next > 0) counts.set(category, next);
    else counts.delete(category);
    if (!isGlobal(entry)) restricted++;
  }
  return restricted;
}

function binarySearch(sorted: readonly SkillEntry[], name: string): { found: boolean; index: number } {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const value = sorted[mid]!.name;
    if (value === name) return { found: true, index: mid };
    if (value < name) low = mid + 1;
    else high = mid;
  }
  return { found: false, index: low };
}

function byName_(a: SkillEntry, b: SkillEntry): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function byConflict(a: VersionConflict, b: VersionConflict): number {
  return a.name === b.name ? compareVersionsDesc(a.version, b.version) : a.name < b.name ? -1 : 1;
}

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

function isGlobal(entry: SkillEntry): boolean {
  return entry.access.visibility === 'global';
}
