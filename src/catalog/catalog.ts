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
  /** Each source's entries by name, so a patch can gather one name's candidates without a full pass. */
  private readonly byNameIndex = new Map<string, Map<string, SkillEntry[]>>();

  snapshot(): CatalogSnapshot {
    return this.current;
  }

  get generation(): number {
    return this.current.generation;
  }

  /**
   * Replaces everything the named source offers and publishes a new snapshot. A source that knows
   * which names it changed says so in `changedNames`; the snapshot is then patched for those names
   * instead of rebuilt.
   */
  update(sourceKey: string, state: SourceState, changedNames?: ReadonlySet<string>, meta: { peer?: boolean } = {}): CatalogSnapshot {
    this.states.set(sourceKey, state);
    this.lastLoad.set(sourceKey, new Date().toISOString());
    const previous = this.current;
    const generation = previous.generation + 1;
    if (changedNames && this.byNameIndex.has(sourceKey)) {
      const index = this.byNameIndex.get(sourceKey)!;
      for (const name of changedNames) index.delete(name);
      for (const entry of state.entries) {
        if (!changedNames.has(entry.name)) continue;
        const list = index.get(entry.name);
        if (list) list.push(entry);
        else index.set(entry.name, [entry]);
      }
      const changed = new Map<string, SkillEntry[]>();
      for (const name of changedNames) changed.set(name, [...this.byNameIndex.values()].flatMap((idx) => idx.get(name) ?? []));
      const errors = [...this.states.values()].flatMap((s) => s.errors);
      this.current = previous.patch(generation, changed, errors);
      this.log.append(diff(previous, this.current, meta.peer === true, changedNames));
    } else {
      this.byNameIndex.set(sourceKey, indexByName(state.entries));
      this.current = CatalogSnapshot.build(generation, this.states.values());
      this.log.append(diff(previous, this.current, meta.peer === true));
    }
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

function indexByName(entries: readonly SkillEntry[]): Map<string, SkillEntry[]> {
  const index = new Map<string, SkillEntry[]>();
  for (const entry of entries) {
    const list = index.get(entry.name);
    if (list) list.push(entry);
    else index.set(entry.name, [entry]);
  }
  return index;
}

/** Served versions that appeared, changed or went away between two snapshots (only `names`, when given). */
function diff(before: CatalogSnapshot, after: CatalogSnapshot, peer: boolean, names?: ReadonlySet<string>): Array<Omit<CatalogEvent, 'id'>> {
  const at = new Date().toISOString();
  const versionsOf = (snapshot: CatalogSnapshot) =>
    names ? [...names].flatMap((name) => snapshot.versions(name) ?? []) : [...snapshot.allVersions()];
  const key = (entry: SkillEntry) => `${entry.name}@${entry.version}`;
  const old = new Map<string, SkillEntry>();
  for (const entry of versionsOf(before)) old.set(key(entry), entry);
  const events: Array<Omit<CatalogEvent, 'id'>> = [];
  const make = (type: CatalogEvent['type'], entry: SkillEntry) => ({ type, name: entry.name, version: entry.version, source: entry.source, generation: after.generation, at, entry, ...(peer ? { peer } : {}) });
  for (const entry of versionsOf(after)) {
    const was = old.get(key(entry));
    old.delete(key(entry));
    if (!was) events.push(make('skill.created', entry));
    else if (was !== entry && (was.contentHash !== entry.contentHash || !sameFiles(was, entry) || !sameAccess(was, entry) || was.source !== entry.source)) events.push(make('skill.updated', entry));
  }
  for (const entry of old.values()) events.push(make('skill.deleted', entry));
  return events;
}

/** A changed script or reference is a change of the skill, even when SKILL.md stayed the same. */
function sameFiles(a: SkillEntry, b: SkillEntry): boolean {
  return a.files.length === b.files.length && a.files.every((file, i) => file.path === b.files[i]!.path && file.sha256 === b.files[i]!.sha256);
}

function sameAccess(a: SkillEntry, b: SkillEntry): boolean {
  return (
    a.access.visibility === b.access.visibility &&
    a.access.owner_id === b.access.owner_id &&
    a.access.shared_with_teams.length === b.access.shared_with_teams.length &&
    a.access.shared_with_teams.every((team, i) => team === b.access.shared_with_teams[i])
  );
}
