import { createHash } from 'node:crypto';
import type { SkillEntry, SourceError, SourceState } from '../../catalog/types.js';
import { compareVersionsDesc, parseSkill } from '../../format/index.js';
import type { SkillConfig, SkillConfigRevision, Store } from '../../store/index.js';
import type { Logger } from '../../util/logger.js';
import type { Publish, PublishMeta, RawSkillFile, SkillSource } from '../types.js';

/**
 * Skills stored through the API. Each config offers its current version, plus, for every earlier
 * frontmatter version it went through, the last revision that carried that version, so
 * `name@<old version>` keeps resolving after an update.
 */
export class ConfigSource implements SkillSource {
  readonly key = 'config';
  private publish: Publish = () => {};
  /** Reloads and refreshes run one at a time, so an older read never publishes over a newer one. */
  private queue: Promise<void> = Promise.resolve();
  private readonly perConfig = new Map<string, { entries: SkillEntry[]; errors: SourceError[] }>();
  /** The stored text behind each entry, for the scanner. */
  private readonly raw = new WeakMap<SkillEntry, SkillConfig>();

  constructor(
    private readonly store: Store,
    private readonly logger?: Logger,
  ) {}

  async start(publish: Publish): Promise<void> {
    this.publish = publish;
    await this.reload();
  }

  /** Reads every stored config again; `peer` when another node's changes are being caught up on. */
  reload(meta: PublishMeta = {}): Promise<void> {
    return this.serially(() => this.readAll(meta));
  }

  /** Re-reads one config after a write (or its deletion) and publishes the result. */
  refresh(configId: string, meta: PublishMeta = {}): Promise<void> {
    return this.serially(() => this.readOne(configId, meta));
  }

  private serially(work: () => Promise<void>): Promise<void> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => {});
    return run;
  }

  private async readAll(meta: PublishMeta): Promise<void> {
    const [configs, revisions] = await Promise.all([this.store.configs.list(), this.store.configs.allRevisions()]);
    const byConfig = new Map<string, SkillConfigRevision[]>();
    for (const revision of revisions) {
      const list = byConfig.get(revision.config_id);
      if (list) list.push(revision);
      else byConfig.set(revision.config_id, [revision]);
    }
    this.perConfig.clear();
    for (const config of configs) this.perConfig.set(config.id, this.entriesOf(config, byConfig.get(config.id) ?? []));
    this.emit(undefined, meta);
  }

  private async readOne(configId: string, meta: PublishMeta): Promise<void> {
    const config = await this.store.configs.get(configId);
    // The names this config offered before and offers now (a rename touches both).
    const changed = new Set((this.perConfig.get(configId)?.entries ?? []).map((entry) => entry.name));
    if (!config) this.perConfig.delete(configId);
    else this.perConfig.set(configId, this.entriesOf(config, await this.store.configs.revisions(configId)));
    for (const entry of this.perConfig.get(configId)?.entries ?? []) changed.add(entry.name);
    this.emit(changed, meta);
  }

  async stop(): Promise<void> {}

  async readFiles(entry: SkillEntry, maxBytes: number): Promise<RawSkillFile[] | undefined> {
    const state = this.raw.get(entry);
    if (!state) return undefined;
    const file = (path: string, text: string): RawSkillFile => {
      const bytes = Buffer.from(text);
      return { path, content: bytes.subarray(0, maxBytes), truncated: bytes.byteLength > maxBytes };
    };
    return [file('SKILL.md', state.skill_content), ...Object.entries(state.ancillary_files).map(([path, text]) => file(path, text))];
  }

  private entriesOf(config: SkillConfig, revisions: SkillConfigRevision[]): { entries: SkillEntry[]; errors: SourceError[] } {
    const entries: SkillEntry[] = [];
    const errors: SourceError[] = [];
    const current = this.entryOf(config, config, errors);
    if (current) entries.push(current);
    // The newest revision of each earlier version; revisions arrive in any order.
    const older = new Map<string, SkillConfigRevision>();
    for (const revision of revisions) {
      if (revision.version === config.version) continue;
      const seen = older.get(revision.version);
      if (!seen || seen.revision < revision.revision) older.set(revision.version, revision);
    }
    for (const revision of [...older.values()].sort((a, b) => compareVersionsDesc(a.version, b.version))) {
      const entry = this.entryOf(revision.config, config, errors);
      if (entry) entries.push(entry);
    }
    return { entries, errors };
  }

  /** An entry for one stored state of a config; access always follows the config as it is now. */
  private entryOf(state: SkillConfig, current: SkillConfig, errors: SourceError[]): SkillEntry | undefined {
    const file = `configs/${current.id}/SKILL.md`;
    const outcome = parseSkill(state.skill_content, { file, layout: 'agent-skills' });
    if (!outcome.ok) {
      errors.push({ source: 'config', file, diagnostics: outcome.diagnostics, serving_previous_version: false, at: new Date().toISOString() });
      this.logger?.warn({ config_id: current.id, revision: state.revision }, 'stored skill no longer validates');
      return undefined;
    }
    const { manifest, body, contentHash, warnings } = outcome.skill;
    const entry: SkillEntry = {
      name: manifest.name,
      version: manifest.version,
      manifest: { ...manifest, category: state.category || manifest.category, metadata: { ...manifest.metadata, ...state.metadata } },
      body,
      contentHash,
      warnings,
      source: 'config',
      sourceId: state === current ? current.id : `${current.id}@${state.version}`,
      sourceOrder: 0,
      sourcePath: file,
      layout: 'agent-skills',
      files: Object.entries(state.ancillary_files)
        .map(([path, text]) => ({ path, size: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex') }))
        .sort((a, b) => (a.path < b.path ? -1 : 1)),
      loadedAt: state.updated_at,
      updatedAt: state.updated_at,
      access: { visibility: current.visibility, owner_id: current.owner_id, shared_with_teams: current.shared_with_teams },
      isSystem: current.is_system,
    };
    this.raw.set(entry, state);
    return entry;
  }

  private emit(changedNames: ReadonlySet<string> | undefined, meta: PublishMeta): void {
    const entries: SkillEntry[] = [];
    const errors: SourceError[] = [];
    for (const state of this.perConfig.values()) {
      entries.push(...state.entries);
      errors.push(...state.errors);
    }
    this.publish({ entries, errors }, changedNames, meta);
  }
}
