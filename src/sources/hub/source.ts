import type { SkillEntry, SourceError, SourceState } from '../../catalog/types.js';
import { parseSkill } from '../../format/index.js';
import type { HubRecord, HubSkillRecord, Store } from '../../store/index.js';
import type { Logger } from '../../util/logger.js';
import type { RawSkillFile, SkillSource } from '../types.js';

interface LoadedHub {
  /** The `result_version` of the stored sync result this node serves. */
  version: number;
  entries: SkillEntry[];
  errors: SourceError[];
}

/**
 * Skills of hubs (git repositories kept in sync), served from what the last sync stored in the
 * database: any node serves them without fetching the repository itself. `reload()` reads every
 * hub's stored result; `reloadHub()` one hub's, after a sync or when another node's sync is seen.
 * Hubs have the lowest precedence: a name a directory or a stored skill also offers is shadowed
 * and reported as a conflict.
 */
export class HubSource implements SkillSource {
  readonly key = 'hub';
  private publish: (state: SourceState, changedNames?: ReadonlySet<string>) => void = () => {};
  private readonly hubs = new Map<string, LoadedHub>();
  private readonly raw = new WeakMap<SkillEntry, HubSkillRecord>();

  constructor(
    private readonly store: Store,
    private readonly logger?: Logger,
  ) {}

  async start(publish: (state: SourceState, changedNames?: ReadonlySet<string>) => void): Promise<void> {
    this.publish = publish;
    await this.reload();
  }

  async reload(): Promise<void> {
    const [hubs, skills] = await Promise.all([this.store.hubs.list(), this.store.hubs.skills()]);
    const byHub = new Map<string, HubSkillRecord[]>();
    for (const skill of skills) {
      const list = byHub.get(skill.hub_id);
      if (list) list.push(skill);
      else byHub.set(skill.hub_id, [skill]);
    }
    this.hubs.clear();
    for (const hub of hubs) this.hubs.set(hub.id, this.load(hub, byHub.get(hub.id) ?? []));
    this.emit();
  }

  /** Re-reads one hub's stored result (or its removal) and publishes the names it touched. */
  async reloadHub(hubId: string): Promise<void> {
    const hub = await this.store.hubs.get(hubId);
    const changed = new Set((this.hubs.get(hubId)?.entries ?? []).map((entry) => entry.name));
    if (!hub) this.hubs.delete(hubId);
    else this.hubs.set(hubId, this.load(hub, await this.store.hubs.skills(hubId)));
    for (const entry of this.hubs.get(hubId)?.entries ?? []) changed.add(entry.name);
    this.emit(changed);
  }

  /** The stored result version this node serves for a hub; undefined when it has none loaded. */
  loadedVersion(hubId: string): number | undefined {
    return this.hubs.get(hubId)?.version;
  }

  async stop(): Promise<void> {}

  async readFiles(entry: SkillEntry, maxBytes: number): Promise<RawSkillFile[] | undefined> {
    const record = this.raw.get(entry);
    if (!record) return undefined;
    const file = (path: string, bytes: Buffer): RawSkillFile => ({ path, content: bytes.subarray(0, maxBytes), truncated: bytes.byteLength > maxBytes });
    return [file('SKILL.md', Buffer.from(record.content)), ...record.files.map((f) => file(f.path, Buffer.from(f.content, f.encoding)))];
  }

  private load(hub: HubRecord, skills: HubSkillRecord[]): LoadedHub {
    const loaded: LoadedHub = { version: hub.result_version, entries: [], errors: [] };
    // A disabled hub keeps its stored skills but offers none.
    if (!hub.enabled) return loaded;
    for (const record of skills) {
      const file = `hubs/${hub.name}/${record.path}`;
      const segments = record.path.split('/');
      const outcome = parseSkill(record.content, {
        file,
        layout: record.layout,
        expectedName: record.layout === 'agent-skills' ? segments[segments.length - 2] : segments[segments.length - 1]!.replace(/\.md$/i, ''),
        defaultCategory: record.layout === 'agent-skills' ? segments[segments.length - 3] : segments[segments.length - 2],
      });
      if (!outcome.ok) {
        loaded.errors.push({ source: 'hub', file, diagnostics: outcome.diagnostics, serving_previous_version: false, at: record.updated_at });
        this.logger?.warn({ hub: hub.name, path: record.path }, 'stored hub skill no longer validates');
        continue;
      }
      const { manifest, body, contentHash, warnings } = outcome.skill;
      const origin = { repository: hub.repository, ref: hub.last_ref ?? hub.ref, commit: record.commit, path: record.path, hub: hub.name };
      const entry: SkillEntry = {
        name: manifest.name,
        version: manifest.version,
        manifest: { ...manifest, metadata: { ...manifest.metadata, origin } },
        body,
        contentHash,
        warnings,
        source: 'hub',
        sourceId: `${hub.id}:${record.path}`,
        sourceOrder: 0,
        sourcePath: record.path,
        layout: record.layout,
        files: record.files.map((f) => ({ path: f.path, size: f.size, sha256: f.sha256 })),
        loadedAt: record.updated_at,
        updatedAt: record.updated_at,
        access: { visibility: hub.visibility, owner_id: null, shared_with_teams: hub.shared_with_teams },
        isSystem: false,
      };
      this.raw.set(entry, record);
      loaded.entries.push(entry);
    }
    return loaded;
  }

  private emit(changedNames?: ReadonlySet<string>): void {
    const entries: SkillEntry[] = [];
    const errors: SourceError[] = [];
    for (const hub of this.hubs.values()) {
      entries.push(...hub.entries);
      errors.push(...hub.errors);
    }
    this.publish({ entries, errors }, changedNames);
  }
}
