import type { CatalogQueryService } from '../catalog/query.js';
import type { SkillEntry } from '../catalog/types.js';
import { AppError } from '../util/app-error.js';
import type { Logger } from '../util/logger.js';
import type { Artifacts } from './artifacts.js';
import { digestOf } from './bundle.js';
import type { Audience } from './audience.js';

export const DISCOVERY_SCHEMA = 'https://schemas.agentskills.io/discovery/0.2.0/schema.json';

/** The Agent Skills rules an index entry must meet (the `skills` installer drops anything else). */
const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const MAX_NAME = 64;
const MAX_DESCRIPTION = 1024;

export interface AgentSkillsEntry {
  name: string;
  type: 'skill-md' | 'archive';
  description: string;
  /** Relative to the index. */
  url: string;
  digest: string;
}

export interface LegacyEntry {
  name: string;
  description: string;
  /** SKILL.md first. */
  files: string[];
}

/** One skill left out of an index, and why. */
export interface SkippedSkill {
  name: string;
  version: string;
  reason: string;
}

/** What an audience may install, with everything an index or installer says about it, built once per catalog generation. */
export interface InstallSet {
  generation: string;
  entries: readonly SkillEntry[];
  skipped: readonly SkippedSkill[];
}

/** A response body as served: exact bytes and their digest (the ETag). */
export interface EncodedBody {
  bytes: Buffer;
  digest: string;
}

/** Built lazily per install set. */
interface Built {
  set: InstallSet;
  agentSkills?: Promise<EncodedBody>;
  legacy?: EncodedBody;
  list?: Promise<EncodedBody>;
}

const CACHED_AUDIENCES = 256;
/** Bundles built at once while an index is made: enough to overlap reads, few enough to keep memory flat. */
const PARALLEL = 16;

/**
 * The discovery indexes (`/.well-known/agent-skills/index.json` 0.2.0 and the older
 * `/.well-known/skills/index.json`) and the installer's list, per audience. Each is built once per
 * catalog generation and audience; artifact digests come from `Artifacts`, which caches them per
 * entry, so a catalog change rebuilds only what changed.
 *
 * A skill whose name or description the Agent Skills rules refuse, or whose artifact cannot be
 * served, is left out of the indexes, logged once, and listed by `skipped()` for admins.
 */
export class DiscoveryService {
  private readonly built = new Map<string, Built>();
  private readonly logged = new Set<string>();
  /** Skills left out because their artifact failed (too large, changing), by name@version. */
  private readonly failures = new Map<string, SkippedSkill>();

  constructor(
    private readonly query: CatalogQueryService,
    private readonly artifacts: Artifacts,
    private readonly logger?: Logger,
  ) {}

  /** Everything the audience may install (never a blocked skill), and what the indexes leave out. */
  installSet(audience: Audience): InstallSet {
    return this.entry(audience).set;
  }

  /** `/.well-known/agent-skills/index.json`, serialised. */
  agentSkillsIndex(audience: Audience): Promise<EncodedBody> {
    const built = this.entry(audience);
    if (!built.agentSkills) {
      const pending = this.buildAgentSkills(built.set).then(encodeJson);
      built.agentSkills = pending;
      pending.catch(() => built.agentSkills === pending && delete built.agentSkills);
    }
    return built.agentSkills;
  }

  /** `/.well-known/skills/index.json`, serialised. */
  legacyIndex(audience: Audience): EncodedBody {
    const built = this.entry(audience);
    built.legacy ??= encodeJson({
      skills: built.set.entries.map((entry): LegacyEntry => ({
        name: entry.name,
        description: entry.manifest.description,
        // The older index's readers refuse any path containing `..`, even inside a name.
        files: this.artifacts.listedPaths(entry).filter((p) => !p.includes('..')),
      })),
    });
    return built.legacy;
  }

  /**
   * The installer's list: one line per skill, `name TAB version TAB digest TAB path`, where the
   * digest is of the skill's install bundle (its files under `{name}/`) and the path is relative
   * to the audience's base URL.
   */
  installList(audience: Audience): Promise<EncodedBody> {
    const built = this.entry(audience);
    if (!built.list) {
      const pending = this.buildList(built.set).then((text) => encode(Buffer.from(text)));
      built.list = pending;
      pending.catch(() => built.list === pending && delete built.list);
    }
    return built.list;
  }

  /** Every skill the indexes leave out for the whole catalog, for admins. */
  skipped(): SkippedSkill[] {
    const out = new Map<string, SkippedSkill>();
    for (const entry of this.query.snapshot().list()) {
      const reason = refusal(entry);
      if (reason) out.set(`${entry.name}@${entry.version}`, { name: entry.name, version: entry.version, reason });
      else if (!this.query.decisionFor(entry).runnable) out.set(`${entry.name}@${entry.version}`, { name: entry.name, version: entry.version, reason: 'blocked by the quarantine policy' });
    }
    for (const [key, failure] of this.failures) if (!out.has(key)) out.set(key, failure);
    return [...out.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private entry(audience: Audience): Built {
    const generation = this.query.generation();
    const key = audience.key;
    const cached = this.built.get(key);
    if (cached && cached.set.generation === generation) return cached;
    const entries: SkillEntry[] = [];
    const skipped: SkippedSkill[] = [];
    for (const entry of this.query.installable(audience.principal)) {
      if (!audience.accept(entry)) continue;
      const reason = refusal(entry);
      if (reason) {
        skipped.push({ name: entry.name, version: entry.version, reason });
        this.logOnce(entry, reason);
      } else {
        entries.push(entry);
      }
    }
    const built: Built = { set: { generation, entries, skipped } };
    this.built.delete(key);
    this.built.set(key, built);
    if (this.built.size > CACHED_AUDIENCES) this.built.delete(this.built.keys().next().value!);
    return built;
  }

  private async buildAgentSkills(set: InstallSet): Promise<{ $schema: string; skills: AgentSkillsEntry[] }> {
    const skills = await this.each(set.entries, async (entry): Promise<AgentSkillsEntry> => {
      const kind = this.artifacts.kind(entry);
      return {
        name: entry.name,
        type: kind,
        description: entry.manifest.description,
        // Relative to the index; the version pins what the digest describes.
        url: `${entry.name}@${entry.version}/${kind === 'skill-md' ? 'SKILL.md' : 'bundle.tar.gz'}`,
        digest: kind === 'skill-md' ? this.artifacts.skillMdDigest(entry) : (await this.artifacts.bundle(entry, 'tar.gz')).digest,
      };
    });
    return { $schema: DISCOVERY_SCHEMA, skills };
  }

  private async buildList(set: InstallSet): Promise<string> {
    const lines = await this.each(set.entries, async (entry) => {
      const bundle = await this.artifacts.installBundle(entry);
      return `${entry.name}\t${entry.version}\t${bundle.digest}\t.well-known/agent-skills/${entry.name}@${entry.version}/install.tar.gz\n`;
    });
    return lines.join('');
  }

  /** Maps entries in bounded parallel; an entry whose artifact fails is left out and reported. */
  private async each<T>(entries: readonly SkillEntry[], map: (entry: SkillEntry) => Promise<T>): Promise<T[]> {
    const out: Array<T | undefined> = new Array(entries.length);
    let next = 0;
    const worker = async () => {
      while (next < entries.length) {
        const i = next++;
        const entry = entries[i]!;
        try {
          out[i] = await map(entry);
          this.failures.delete(`${entry.name}@${entry.version}`);
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          const failure = { name: entry.name, version: entry.version, reason: err.message };
          this.failures.set(`${entry.name}@${entry.version}`, failure);
          this.logOnce(entry, err.message);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, entries.length) }, worker));
    return out.filter((value): value is T => value !== undefined);
  }

  private logOnce(entry: SkillEntry, reason: string): void {
    const key = `${entry.name}@${entry.version}:${entry.contentHash}:${reason}`;
    if (this.logged.has(key)) return;
    if (this.logged.size > 10_000) this.logged.clear();
    this.logged.add(key);
    this.logger?.warn({ skill: entry.name, version: entry.version, reason }, 'skill left out of the discovery index');
  }
}

function encode(bytes: Buffer): EncodedBody {
  return { bytes, digest: digestOf(bytes) };
}

function encodeJson(value: unknown): EncodedBody {
  return encode(Buffer.from(JSON.stringify(value)));
}

/** Why the Agent Skills rules refuse an entry, or null when they accept it. */
export function refusal(entry: SkillEntry): string | null {
  if (entry.name.length > MAX_NAME) return `name is longer than ${MAX_NAME} characters`;
  if (!NAME.test(entry.name)) return 'name is not lowercase letters, digits and single hyphens (^[a-z0-9]+(-[a-z0-9]+)*$)';
  const description = entry.manifest.description;
  if (!description) return 'description is empty';
  if (description.length > MAX_DESCRIPTION) return `description is longer than ${MAX_DESCRIPTION} characters`;
  return null;
}
