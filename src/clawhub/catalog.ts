import type { Principal } from '../auth/principal.js';
import type { CatalogQueryService } from '../catalog/query.js';
import type { SkillEntry } from '../catalog/types.js';
import { normaliseRequestedVersion } from '../format/index.js';
import type { ArtifactFile, Artifacts, Bundle } from '../gateway/index.js';
import { quarantinedError } from '../scanning/decision.js';
import { AppError, badRequest } from '../util/app-error.js';
import { ambiguousSlug, skillNotFound, versionNotFound } from './errors.js';
import { FINGERPRINT_FORMAT, skillFingerprint } from './fingerprint.js';
import { moderationOf } from './moderation.js';
import { normaliseHandle, ownedBy, ownerOf } from './owners.js';
import { publishRecordOf } from './published.js';
import { detailBody, displayNameOf, listItem, searchResult, versionInfo } from './views.js';

/** Who asks, and the URL they reach this server at (for the absolute links in answers). */
export interface Caller {
  principal: Principal;
  /** `https://skills.example.com`, no trailing slash. */
  base: string;
}

/** One skill as a ClawHub slug (optionally `@owner/`) names it for a caller. */
export interface SkillLookup {
  /** The versions of this owner's skill the caller may see, newest first. */
  versions: SkillEntry[];
  /** What a bare install gets: the highest enabled version, else the highest. */
  current: SkillEntry;
}

export interface ListInput {
  limit?: number;
  cursor?: string;
  sort?: string;
  prefix?: string;
  nonSuspiciousOnly?: boolean;
}

export interface SearchInput {
  q: string;
  limit?: number;
  mode?: string;
  nonSuspiciousOnly?: boolean;
}

export interface VersionSelector {
  slug: string;
  ownerHandle?: string;
  version?: string;
  tag?: string;
}

const MAX_LIMIT = 200;
const DEFAULT_LIMIT = 25;
/** ClawHub's sort names and aliases; Skillport keeps no download or star counts, so those sort by update time. */
const SORTS: Record<string, 'updated' | 'createdAt' | 'name'> = {
  updated: 'updated',
  default: 'updated',
  recommended: 'updated',
  downloads: 'updated',
  installs: 'updated',
  install: 'updated',
  installscurrent: 'updated',
  'installs-current': 'updated',
  current: 'updated',
  installsalltime: 'updated',
  'installs-all-time': 'updated',
  stars: 'updated',
  rating: 'updated',
  trending: 'updated',
  createdat: 'createdAt',
  'created-at': 'createdAt',
  newest: 'createdAt',
  name: 'name',
};

/**
 * The catalog as the ClawHub API presents it: search, listing, a skill, its versions, the zip the
 * CLI installs and the fingerprint match `clawhub update` relies on. Everything is read through the
 * catalog query service (visibility, ranking, quarantine) and the gateway's artifacts (the exact
 * bytes and their reproducible zip), so a skill here is the skill every other channel serves.
 */
export class ClawHubCatalog {
  private readonly fingerprints = new WeakMap<SkillEntry, Promise<string>>();

  constructor(
    private readonly query: CatalogQueryService,
    private readonly artifacts: Artifacts,
  ) {}

  search(caller: Caller, input: SearchInput) {
    if (input.mode !== undefined && input.mode.trim().toLowerCase() !== 'exact') throw badRequest('Invalid search mode: use mode=exact or leave it out');
    const q = input.q.trim();
    if (q === '') return { results: [] };
    const limit = clamp(input.limit);
    let hits: Array<{ entry: SkillEntry; score: number }>;
    if (input.mode !== undefined) {
      const versions = this.query.versions(caller.principal, q);
      hits = versions ? [{ entry: pickCurrent(versions), score: 1 }] : [];
    } else {
      const page = this.query.browse(caller.principal, { q, pageSize: input.nonSuspiciousOnly ? Number.MAX_SAFE_INTEGER : limit });
      hits = page.items.map((entry, i) => ({ entry, score: page.scores?.[i] ?? 0 }));
    }
    if (input.nonSuspiciousOnly) hits = hits.filter((hit) => this.isClean(hit.entry));
    return { results: hits.slice(0, limit).map((hit) => searchResult(hit.entry, ownerOf(hit.entry), hit.score, pageUrl(caller, hit.entry.name))) };
  }

  list(caller: Caller, input: ListInput) {
    const sort = input.sort === undefined ? (input.prefix !== undefined ? 'name' : 'updated') : SORTS[input.sort.trim().toLowerCase()];
    if (!sort) throw badRequest('Invalid sort query parameter: use updated, newest, name, downloads, stars or trending');
    let prefix: string | undefined;
    if (input.prefix !== undefined) {
      prefix = input.prefix.trim().toLowerCase();
      if (!/^[a-z0-9][a-z0-9-]{0,95}$/.test(prefix)) throw badRequest('Invalid prefix query parameter: lowercase letters, digits and -');
      if (sort !== 'name') throw badRequest('Prefix listing only supports name sort');
    }
    const limit = clamp(input.limit);
    const key = `${sort}:${prefix ?? ''}:${input.nonSuspiciousOnly ? 1 : 0}`;
    const offset = input.cursor === undefined ? 0 : readCursor(input.cursor, key);
    const page = this.query.browse(caller.principal, { pageSize: Number.MAX_SAFE_INTEGER });
    let rows = page.items
      .filter((entry) => prefix === undefined || entry.name.toLowerCase().startsWith(prefix))
      .filter((entry) => !input.nonSuspiciousOnly || this.isClean(entry))
      .map((entry) => listItem(entry, this.query.versions(caller.principal, entry.name) ?? [entry]));
    if (sort === 'updated') rows = rows.sort((a, b) => b.updatedAt - a.updatedAt || compare(a.slug, b.slug));
    else if (sort === 'createdAt') rows = rows.sort((a, b) => b.createdAt - a.createdAt || compare(a.slug, b.slug));
    const items = rows.slice(offset, offset + limit);
    return { items, nextCursor: offset + items.length < rows.length ? writeCursor(offset + items.length, key) : null };
  }

  skill(caller: Caller, slug: string, ownerHandle?: string) {
    const { versions, current } = this.lookup(caller, slug, ownerHandle);
    return detailBody(current, versions, ownerOf(current), moderationOf(this.query.decisionFor(current)));
  }

  versions(caller: Caller, slug: string, ownerHandle: string | undefined, page: { limit?: number; cursor?: string }) {
    const { versions } = this.lookup(caller, slug, ownerHandle);
    const limit = clamp(page.limit);
    const key = `versions:${slug}`;
    const offset = page.cursor === undefined ? 0 : readCursor(page.cursor, key);
    const items = versions.slice(offset, offset + limit).map((entry) => ({ ...versionInfo(entry), changelogSource: null }));
    return { items, nextCursor: offset + items.length < versions.length ? writeCursor(offset + items.length, key) : null };
  }

  /** One version with its files (path, size, sha256, type), as `clawhub inspect` and `install --version` read it. */
  async version(caller: Caller, slug: string, version: string, ownerHandle?: string) {
    const { entry } = this.select(caller, { slug, version, ownerHandle });
    const files = await this.artifacts.files(entry);
    return {
      skill: { slug: entry.name, displayName: displayNameOf(entry) },
      version: {
        ...versionInfo(entry),
        changelogSource: null,
        files: files.map((file) => ({ path: file.path, size: file.size, sha256: file.digest.slice('sha256:'.length), contentType: file.mime })),
      },
    };
  }

  /** Where the CLI downloads a skill when the detail names no latest version. */
  install(caller: Caller, slug: string, ownerHandle?: string) {
    const { current } = this.lookup(caller, slug, ownerHandle);
    const decision = this.query.decisionFor(current);
    if (!decision.runnable) {
      // The CLI reads this status as JSON and accepts only its own reason codes; the message is what it prints.
      return { status: 403 as const, body: { ok: false as const, slug: current.name, reason: 'github_scan_failed' as const, message: decision.blocked_reason ?? `Skill ${current.name} is quarantined`, status: 403 } };
    }
    const url = new URL(`${caller.base}/clawhub/api/v1/download`);
    url.searchParams.set('slug', current.name);
    if (ownerHandle) url.searchParams.set('ownerHandle', ownerHandle);
    url.searchParams.set('version', current.version);
    return { status: 200 as const, body: { ok: true as const, slug: current.name, installKind: 'archive' as const, archive: { version: current.version, downloadUrl: url.toString() } } };
  }

  /** The zip the CLI extracts: every file of the version at the archive root. Refused (403) when quarantined. */
  async download(caller: Caller, selector: VersionSelector): Promise<Bundle> {
    const { entry } = this.select(caller, selector);
    this.checkInstallable(entry);
    return this.artifacts.bundle(entry, 'zip');
  }

  async file(caller: Caller, selector: VersionSelector & { path: string }): Promise<ArtifactFile> {
    const { entry } = this.select(caller, selector);
    this.checkInstallable(entry);
    return this.artifacts.file(entry, selector.path);
  }

  /**
   * Which version a local folder is, by the CLI's fingerprint of its files: the newest visible
   * version whose zip has exactly those files, or whose publisher sent exactly those.
   */
  async resolve(caller: Caller, input: { slug: string; hash: string; ownerHandle?: string }) {
    const hash = input.hash.trim().toLowerCase();
    if (!FINGERPRINT_FORMAT.test(hash)) throw badRequest('Invalid hash: send the 64-character hex fingerprint of the skill folder');
    const { versions, current } = this.lookup(caller, input.slug, input.ownerHandle);
    let match: { version: string } | null = null;
    for (const entry of versions) {
      const fingerprint = await this.fingerprint(entry).catch((err: unknown) => {
        // A version too large to serve, or gone from its source, matches nothing; anything else is a real failure.
        if (err instanceof AppError && (err.statusCode === 413 || err.statusCode === 404)) return null;
        throw err;
      });
      if (fingerprint === null) continue;
      const record = publishRecordOf(entry);
      if (fingerprint === hash || (record.fingerprint === fingerprint && record.published_fingerprint === hash)) {
        match = { version: entry.version };
        break;
      }
    }
    return { slug: current.name, match, latestVersion: { version: current.version } };
  }

  /** The CLI's fingerprint of a version as installed from its zip; computed once per entry. */
  fingerprint(entry: SkillEntry): Promise<string> {
    let fingerprint = this.fingerprints.get(entry);
    if (!fingerprint) {
      fingerprint = this.artifacts.files(entry).then((files) => skillFingerprint(files.map((file) => ({ path: file.path, sha256: file.digest.slice('sha256:'.length) }))));
      this.fingerprints.set(entry, fingerprint);
      fingerprint.catch(() => this.fingerprints.delete(entry));
    }
    return fingerprint;
  }

  /**
   * The versions a slug names for this caller. With an owner handle, only that owner's; without
   * one, the slug must belong to a single owner among what the caller sees, or the answer lists
   * each owner's `@owner/slug` to choose from.
   */
  lookup(caller: Caller, slug: string, rawHandle?: string): SkillLookup {
    const all = this.query.versions(caller.principal, slug.trim());
    if (!all) throw skillNotFound();
    const handle = normaliseHandle(rawHandle);
    let versions: SkillEntry[];
    if (handle !== undefined) {
      versions = all.filter((entry) => ownedBy(entry, handle));
    } else {
      const owners = new Map<string, SkillEntry>();
      for (const entry of all) if (!owners.has(ownerOf(entry).key)) owners.set(ownerOf(entry).key, entry);
      if (owners.size > 1) {
        const named = [...owners.values()].map(ownerOf).filter((owner) => owner.handle !== null);
        const unnamed = [...owners.values()].map(ownerOf).filter((owner) => owner.handle === null).map((owner) => owner.displayName);
        throw ambiguousSlug(
          all[0]!.name,
          named.map((owner) => ({ ownerHandle: owner.handle!, slug: all[0]!.name, ref: `@${owner.handle}/${all[0]!.name}`, url: pageUrl(caller, all[0]!.name) })),
          unnamed,
        );
      }
      versions = [...all];
    }
    if (versions.length === 0) throw skillNotFound();
    return { versions, current: pickCurrent(versions) };
  }

  /** One version by number or tag (`latest` is the only tag); the current one when neither is given. */
  select(caller: Caller, selector: VersionSelector): { entry: SkillEntry; lookup: SkillLookup } {
    if (selector.version !== undefined && selector.tag !== undefined) throw badRequest('Use either version or tag, not both');
    const lookup = this.lookup(caller, selector.slug, selector.ownerHandle);
    if (selector.tag !== undefined && selector.tag !== 'latest') throw new AppError(404, 'tag_not_found', `Tag not found: ${lookup.current.name} has only the tag "latest"`);
    if (selector.version === undefined) return { entry: lookup.current, lookup };
    const wanted = normaliseRequestedVersion(selector.version.trim());
    const entry = wanted === null ? undefined : lookup.versions.find((candidate) => candidate.version === wanted);
    if (!entry) throw versionNotFound(lookup.current.name, selector.version);
    return { entry, lookup };
  }

  private checkInstallable(entry: SkillEntry): void {
    const decision = this.query.decisionFor(entry);
    if (!decision.runnable) throw quarantinedError(decision);
  }

  private isClean(entry: SkillEntry): boolean {
    const moderation = moderationOf(this.query.decisionFor(entry));
    return !moderation.isSuspicious && !moderation.isMalwareBlocked;
  }
}

/** The highest enabled version, else the highest: what the catalog resolves a bare name to. */
function pickCurrent(versions: readonly SkillEntry[]): SkillEntry {
  return versions.find((entry) => entry.manifest.enabled) ?? versions[0]!;
}

function pageUrl(caller: Caller, name: string): string {
  return `${caller.base}/skill/${encodeURIComponent(name)}`;
}

function clamp(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(Math.max(1, Math.floor(limit)), MAX_LIMIT);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Listing cursors: an offset into one ordering, refused for any other. */
function writeCursor(offset: number, key: string): string {
  return Buffer.from(JSON.stringify({ o: offset, k: key })).toString('base64url');
}

function readCursor(raw: string, key: string): number {
  const invalid = () => badRequest('Invalid cursor: pass the nextCursor of the previous page unchanged, with the same sort and filters');
  if (!/^[A-Za-z0-9_-]{1,512}$/.test(raw)) throw invalid();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const { o, k } = (value ?? {}) as { o?: unknown; k?: unknown };
  if (typeof o !== 'number' || !Number.isInteger(o) || o < 0 || k !== key) throw invalid();
  return o;
}
