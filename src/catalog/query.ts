import { hasScope, visibleTo } from '../auth/policy.js';
import type { Principal } from '../auth/principal.js';
import type { QuarantineDecision } from '../scanning/decision.js';
import { quarantinedError } from '../scanning/decision.js';
import { skillNotFound } from '../util/app-error.js';
import type { Catalog } from './catalog.js';
import { CURSOR_VERSION, decodeCursor, encodeCursor, firstHitAfter, firstNameAfter, hashText } from './cursor.js';
import { entryTags, rankEntries, warmSearchInBackground } from './search.js';
import type { CatalogSnapshot } from './snapshot.js';
import type { SkillEntry, SourceKind, Visibility, VersionConflict } from './types.js';

/** What the quarantine policy makes of entries; kept in memory by the scanning part. */
export interface QuarantineView {
  decisionFor(entry: SkillEntry): QuarantineDecision;
  readonly policy: { readonly exclude_flagged_from_catalog: boolean };
  /** Bumped on every scan result or policy change. */
  readonly generation: number;
}

export interface CatalogFilters {
  category?: string;
  source?: SourceKind;
  /** A skill must carry every tag (case-insensitive); a comma-separated string or a list. */
  tags?: string | readonly string[];
  visibility?: Visibility;
  scanStatus?: QuarantineDecision['scan_status'];
  /** Quarantined skills listed along with the rest, not at all, or alone; the policy sets the default. */
  quarantine?: 'include' | 'exclude' | 'only';
}

export interface BrowseInput extends CatalogFilters {
  /** Ranked full-text search; blank means none. */
  q?: string;
  /** Keyset paging; takes precedence over `page`. */
  cursor?: string;
  /** Offset paging, from 1. */
  page?: number;
  pageSize?: number;
}

export interface BrowsePage {
  snapshot: CatalogSnapshot;
  /** The page: one entry per name, the version a bare name resolves to for this caller. */
  items: SkillEntry[];
  /** Each item's relevance score when `q` was given (same order as `items`); null otherwise. */
  scores: number[] | null;
  total: number;
  /** The offset page; null when paging by cursor. */
  page: number | null;
  pageSize: number;
  hasMore: boolean;
  nextCursor: string | null;
  /** Conflicts over names the caller may see. */
  conflicts: VersionConflict[];
  visible: (entry: SkillEntry) => boolean;
}

export const DEFAULT_PAGE_SIZE = 20;

/**
 * Every channel's way into the catalog (HTTP, the discovery index and installers, MCP, ClawHub,
 * the web UI): browsing with filters, ranked search, offset and keyset paging, per-caller
 * visibility and the quarantine policy, so a skill looks the same wherever it is read. Pure reads
 * of the in-memory snapshot and scan state.
 */
export class CatalogQueryService {
  private readonly warmer: BackgroundWarmer;

  constructor(
    private readonly catalog: Catalog,
    private readonly quarantine: QuarantineView,
    log: { error: (obj: object, msg: string) => void } = { error: () => {} },
  ) {
    this.warmer = new BackgroundWarmer(catalog, log);
  }

  snapshot(): CatalogSnapshot {
    return this.catalog.snapshot();
  }

  /** Bumped whenever anything a query answers from changes: the catalog or scan results and policy. */
  generation(): string {
    return `${this.catalog.snapshot().generation}.${this.quarantine.generation}`;
  }

  decisionFor(entry: SkillEntry): QuarantineDecision {
    return this.quarantine.decisionFor(entry);
  }

  /** One page of skills: filtered, ranked by relevance when `q` is given, otherwise by name. */
  browse(principal: Principal, input: BrowseInput = {}): BrowsePage {
    const snapshot = this.catalog.snapshot();
    const visible = visibleTo(principal);
    const filters = this.normalise(input);
    const fingerprint = hashText(JSON.stringify(filters));
    const q = input.q !== undefined && input.q.trim() !== '' ? input.q : undefined;
    const cursor = input.cursor === undefined ? undefined : decodeCursor(input.cursor, q, fingerprint);
    const pageSize = input.pageSize ?? DEFAULT_PAGE_SIZE;
    const page = input.page ?? 1;
    const candidates = this.filter(snapshot.list({ category: input.category, visible }), filters);

    let items: SkillEntry[];
    let scores: number[] | null = null;
    let total: number;
    let start: number;
    let nextCursor: string | null = null;
    if (q === undefined) {
      total = candidates.length;
      start = cursor ? firstNameAfter(candidates, cursor.n) : (page - 1) * pageSize;
      items = candidates.slice(start, start + pageSize);
      const last = items[items.length - 1];
      if (last && start + items.length < total) nextCursor = encodeCursor({ v: CURSOR_VERSION, m: 'name', f: fingerprint, n: last.name });
    } else {
      const result = rankEntries(candidates, q, cursor?.m === 'q' ? { stats: cursor.st } : {});
      this.warmer.start();
      const hits = result.hits;
      total = hits.length;
      start = cursor?.m === 'q' ? firstHitAfter(hits, cursor.s, cursor.n) : (page - 1) * pageSize;
      const window = hits.slice(start, start + pageSize);
      items = window.map((hit) => hit.entry);
      scores = window.map((hit) => hit.score);
      const last = window[window.length - 1];
      if (last && start + window.length < total) {
        nextCursor = encodeCursor({ v: CURSOR_VERSION, m: 'q', f: fingerprint, qh: hashText(q), s: last.score, n: last.entry.name, st: result.stats });
      }
    }
    return {
      snapshot,
      items,
      scores,
      total,
      page: cursor ? null : page,
      pageSize,
      hasMore: start + items.length < total,
      nextCursor,
      conflicts: snapshot.conflicts.filter((conflict) => snapshot.versions(conflict.name, visible) !== undefined),
      visible,
    };
  }

  /**
   * Every skill the caller may install, with no page cap: one entry per name, never one the
   * quarantine policy blocks. Ranked when `q` is given, otherwise by name.
   */
  installable(principal: Principal, input: CatalogFilters & { q?: string } = {}): SkillEntry[] {
    const snapshot = this.catalog.snapshot();
    const candidates = this.filter(snapshot.list({ category: input.category, visible: visibleTo(principal) }), this.normalise({ ...input, quarantine: 'include' }));
    const runnable = candidates.filter((entry) => this.quarantine.decisionFor(entry).runnable);
    const q = input.q?.trim();
    if (!q) return runnable;
    return rankEntries(runnable, q).hits.map((hit) => hit.entry);
  }

  /**
   * The version `ref` (`name` or `name@version`) names for this caller. For `install` (artifacts,
   * indexes, MCP and installers) a skill the policy blocks is refused to everyone; for `review`
   * (reading details) admins still see what they are deciding about.
   */
  resolve(principal: Principal, ref: string, purpose: 'install' | 'review'): { entry: SkillEntry; decision: QuarantineDecision } {
    const entry = this.catalog.snapshot().resolveRef(ref, visibleTo(principal));
    if (!entry) throw skillNotFound();
    const decision = this.quarantine.decisionFor(entry);
    if (!decision.runnable && (purpose === 'install' || !hasScope(principal, 'skills:admin'))) throw quarantinedError(decision);
    return { entry, decision };
  }

  /** Every version of a name the caller may see, newest first; undefined when there is none. */
  versions(principal: Principal, name: string): readonly SkillEntry[] | undefined {
    return this.catalog.snapshot().versions(name, visibleTo(principal));
  }

  close(): void {
    this.warmer.stop();
  }

  private normalise(input: CatalogFilters): NormalisedFilters {
    const raw = typeof input.tags === 'string' ? input.tags.split(',') : (input.tags ?? []);
    const tags = [...new Set(raw.map((tag) => tag.trim().toLowerCase()).filter((tag) => tag !== ''))].sort();
    return {
      source: input.source ?? null,
      category: input.category ?? null,
      tags,
      visibility: input.visibility ?? null,
      scanStatus: input.scanStatus ?? null,
      quarantine: input.quarantine ?? (this.quarantine.policy.exclude_flagged_from_catalog ? 'exclude' : null),
    };
  }

  private filter(entries: readonly SkillEntry[], filters: NormalisedFilters): readonly SkillEntry[] {
    const { source, visibility, tags, scanStatus } = filters;
    const quarantine = filters.quarantine === 'include' ? null : filters.quarantine;
    if (source === null && visibility === null && tags.length === 0 && scanStatus === null && quarantine === null) return entries;
    return entries.filter((entry) => {
      if (scanStatus !== null || quarantine !== null) {
        const decision = this.quarantine.decisionFor(entry);
        if (scanStatus !== null && decision.scan_status !== scanStatus) return false;
        if (quarantine !== null && decision.quarantined !== (quarantine === 'only')) return false;
      }
      if (source !== null && entry.source !== source) return false;
      if (visibility !== null && entry.access.visibility !== visibility) return false;
      if (tags.length > 0) {
        const own = entryTags(entry).set;
        for (const tag of tags) if (!own.has(tag)) return false;
      }
      return true;
    });
  }
}

/** Filters in one canonical form; its JSON names them in a cursor, so a cursor is not replayed against others. */
interface NormalisedFilters {
  source: string | null;
  category: string | null;
  /** Lowercased, distinct, sorted. */
  tags: string[];
  visibility: string | null;
  scanStatus: string | null;
  quarantine: string | null;
}

/**
 * Once a search has run, indexes what each catalog change brings in the background (in slices
 * that leave the event loop free), so the next search finds it ready. Before any search nothing
 * is indexed: a server nobody searches pays nothing.
 */
class BackgroundWarmer {
  private readonly abort = new AbortController();
  private active = false;
  private running = false;
  private again = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly catalog: Catalog,
    private readonly log: { error: (obj: object, msg: string) => void },
  ) {
    this.unsubscribe = catalog.onChange(() => {
      if (this.active && !this.abort.signal.aborted) void this.run();
    });
  }

  start(): void {
    this.active = true;
  }

  stop(): void {
    this.abort.abort();
    this.unsubscribe();
  }

  private async run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        await warmSearchInBackground(this.catalog.snapshot().list(), { signal: this.abort.signal });
      } while (this.again && !this.abort.signal.aborted);
    } catch (err) {
      this.log.error({ err }, 'search indexing failed');
    } finally {
      this.running = false;
    }
  }
}
