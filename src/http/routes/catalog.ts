import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { visibleTo } from '../../auth/policy.js';
import type { Catalog, CatalogSnapshot, SkillEntry } from '../../catalog/index.js';
import { entryTags, parseQuery, rankEntries, warmSearchInBackground, type CorpusStats, type SearchHit } from '../../catalog/search.js';
import type { ScanState } from '../../scanning/index.js';
import { AppError } from '../../util/app-error.js';
import { cachedBody, sendJson, type CachedBody } from '../plugins/caching.js';
import { CatalogPage, CatalogQuery, DEFAULT_PAGE_SIZE, type CatalogQueryType } from '../schemas/catalog.js';
import { commonErrors } from '../schemas/common.js';

/**
 * The merged catalog for browsing (`GET /api/skills`): one item per skill name, filtered,
 * searched and paged. Offset paging (`page`) for jumping around; keyset paging (`cursor`) for
 * walking everything while the catalog changes underneath.
 */
export const catalogRoutes: FastifyPluginAsyncTypebox<{ catalog: Catalog; scans: ScanState }> = async (app, { catalog, scans }) => {
  const allowed = new Set(Object.keys(CatalogQuery.properties));

  // Keep the search index warm once search is in use, so a changed catalog never makes the next
  // query pay for indexing everything that changed.
  const warmer = backgroundWarmer(catalog, app.log);
  app.addHook('onClose', async () => warmer.stop());

  app.get('/api/skills', {
    config: { access: { scope: 'skills:read' } },
    // Bodies are compressed once by sendJson, not again by the plugin.
    compress: false,
    schema: {
      tags: ['skills'],
      summary: 'Browse the merged skill catalog',
      description:
        'One item per skill name: the version a bare name resolves to among the versions the caller may see. ' +
        'Filters combine; with `q` items are ordered by relevance (an exact name match first), otherwise by name. ' +
        '`page`/`page_size` give offset paging; `cursor` (from `meta.next_cursor`) gives keyset paging that ' +
        'survives concurrent changes and takes precedence over `page`.',
      querystring: CatalogQuery,
      response: { 200: CatalogPage, ...commonErrors },
    },
    preValidation: async (request) => {
      // Said by name here: the generic validation message would not say which field is unknown.
      const unknown = Object.keys((request.query ?? {}) as object).filter((key) => !allowed.has(key));
      if (unknown.length > 0) {
        throw new AppError(400, 'invalid_request', `Unknown query parameter${unknown.length > 1 ? 's' : ''}: ${unknown.map((key) => JSON.stringify(key)).join(', ')}`, {
          message: `Allowed: ${[...allowed].join(', ')}`,
        });
      }
    },
  }, async (request, reply) => {
    const query = request.query;
    const snapshot = catalog.snapshot();
    // When every skill is global, every reader gets the same page for the same query: serve a
    // repeated query of the same snapshot from memory.
    // Scan results and the policy change items too: their generation is part of the key.
    const cacheKey = snapshot.hasRestricted ? undefined : `${scans.generation}|${request.url.slice(request.url.indexOf('?') + 1)}`;
    const cached = cacheKey === undefined ? undefined : pageCache.get(snapshot)?.get(cacheKey);
    if (cached) return sendJson(request, reply, cached);
    const visible = visibleTo(request.principal);
    const filters = normaliseFilters(query, scans.policy.exclude_flagged_from_catalog);
    const fingerprint = filtersFingerprint(filters);
    const q = query.q !== undefined && query.q.trim() !== '' ? query.q : undefined;
    const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor, q, fingerprint);
    const pageSize = query.page_size ?? DEFAULT_PAGE_SIZE;
    const page = query.page ?? 1;

    const candidates = applyFilters(snapshot.list({ category: filters.category, visible }), filters, scans);

    let items: SkillEntry[];
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
      warmer.start();
      const hits = result.hits;
      total = hits.length;
      start = cursor?.m === 'q' ? firstHitAfter(hits, cursor.s, cursor.n) : (page - 1) * pageSize;
      const window = hits.slice(start, start + pageSize);
      items = window.map((hit) => hit.entry);
      const last = window[window.length - 1];
      if (last && start + window.length < total) {
        nextCursor = encodeCursor({ v: CURSOR_VERSION, m: 'q', f: fingerprint, qh: queryHash(q), s: last.score, n: last.entry.name, st: result.stats });
      }
    }

    const body = {
      skills: items.map((entry) => catalogSkill(snapshot, entry, visible, query.include_content === true, scans)),
      meta: {
        total,
        page: cursor ? null : page,
        page_size: pageSize,
        has_more: start + items.length < total,
        next_cursor: nextCursor,
        generation: snapshot.generation,
        sources_loaded: catalog.sourceStatus().map((status) => status.source),
        unavailable_sources: [] as string[],
        // Only conflicts over names the caller may see: the others are not its business.
        conflicts: snapshot.conflicts.filter((conflict) => snapshot.versions(conflict.name, visible) !== undefined),
      },
    };
    const result = cachedBody(body);
    if (cacheKey !== undefined) remember(snapshot, cacheKey, result);
    return sendJson(request, reply, result);
  });
};

const PAGE_CACHE_LIMIT = 256;
const pageCache = new WeakMap<CatalogSnapshot, Map<string, CachedBody>>();

function remember(snapshot: CatalogSnapshot, key: string, body: CachedBody): void {
  let pages = pageCache.get(snapshot);
  if (!pages) pageCache.set(snapshot, (pages = new Map()));
  // Oldest first out: a Map iterates in insertion order.
  if (pages.size >= PAGE_CACHE_LIMIT) pages.delete(pages.keys().next().value!);
  pages.set(key, body);
}

// ---------------------------------------------------------------------------------------------
// Items

function catalogSkill(snapshot: CatalogSnapshot, entry: SkillEntry, visible: (entry: SkillEntry) => boolean, includeContent: boolean, scans: ScanState) {
  const m = entry.manifest;
  const decision = scans.decisionFor(entry);
  return {
    id: `${entry.source}:${entry.sourceId}`,
    name: entry.name,
    version: entry.version,
    description: m.description,
    category: m.category,
    source: entry.source,
    source_id: entry.sourceId,
    owner_id: entry.access.owner_id,
    visibility: entry.access.visibility,
    metadata: m.metadata,
    tags: entryTags(entry).tags,
    versions_count: snapshot.versions(entry.name, visible)?.length ?? 1,
    ...(includeContent ? { content: entry.body } : {}),
    content_hash: entry.contentHash,
    updated_at: entry.updatedAt,
    scan_status: decision.scan_status,
    max_severity: decision.max_severity,
    quarantined: decision.quarantined,
    runnable: decision.runnable,
    blocked_reason: decision.blocked_reason,
    quarantine_note: decision.note,
  };
}

// ---------------------------------------------------------------------------------------------
// Filters

interface Filters {
  source?: string;
  category?: string;
  /** Lowercased, distinct, sorted. */
  tags: string[];
  visibility?: string;
  scanStatus?: string;
  quarantine?: string;
}

function normaliseFilters(query: CatalogQueryType, excludeQuarantinedByDefault: boolean): Filters {
  const tags = [...new Set((query.tags ?? '').split(',').map((tag) => tag.trim().toLowerCase()).filter((tag) => tag !== ''))].sort();
  return {
    source: query.source,
    category: query.category,
    tags,
    visibility: query.visibility,
    scanStatus: query.scan_status,
    quarantine: query.quarantine ?? (excludeQuarantinedByDefault ? 'exclude' : undefined),
  };
}

function applyFilters(entries: readonly SkillEntry[], filters: Filters, scans: ScanState): readonly SkillEntry[] {
  const { source, visibility, tags, scanStatus } = filters;
  const quarantine = filters.quarantine === 'include' ? undefined : filters.quarantine;
  if (source === undefined && visibility === undefined && tags.length === 0 && scanStatus === undefined && quarantine === undefined) return entries;
  return entries.filter((entry) => {
    if (scanStatus !== undefined || quarantine !== undefined) {
      const decision = scans.decisionFor(entry);
      if (scanStatus !== undefined && decision.scan_status !== scanStatus) return false;
      if (quarantine !== undefined && decision.quarantined !== (quarantine === 'only')) return false;
    }
    if (source !== undefined && entry.source !== source) return false;
    if (visibility !== undefined && entry.access.visibility !== visibility) return false;
    if (tags.length > 0) {
      const own = entryTags(entry).set;
      for (const tag of tags) if (!own.has(tag)) return false;
    }
    return true;
  });
}

/** Names the filters a cursor was made for, so it is not replayed against others. */
function filtersFingerprint(filters: Filters): string {
  const canonical = JSON.stringify([filters.source ?? null, filters.category ?? null, filters.tags, filters.visibility ?? null, filters.scanStatus ?? null, filters.quarantine ?? null]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

function queryHash(q: string): string {
  return createHash('sha256').update(q).digest('base64url').slice(0, 16);
}

// ---------------------------------------------------------------------------------------------
// Cursors

/**
 * What a cursor holds (base64url of this, as JSON). Name order: the last name returned. Search
 * order: a hash of the query, the last score and name, and the corpus figures the scores were
 * computed with, so later pages score every skill exactly as the first did even when skills are
 * added in between. Either way the next page starts strictly after that position.
 */
type CursorData =
  | { v: 1; m: 'name'; f: string; n: string }
  | { v: 1; m: 'q'; f: string; qh: string; s: number; n: string; st: CorpusStats };

const CURSOR_VERSION = 1;

function encodeCursor(data: CursorData): string {
  return Buffer.from(JSON.stringify(data)).toString('base64url');
}

const invalidCursor = (why: string) =>
  new AppError(400, 'invalid_cursor', `Invalid cursor: ${why}`, {
    message: 'Pass meta.next_cursor from the previous page unchanged, with the same q and filters; or drop cursor to start over.',
  });

function decodeCursor(raw: string, q: string | undefined, fingerprint: string): CursorData {
  if (!/^[A-Za-z0-9_-]+$/.test(raw)) throw invalidCursor('not a cursor this server issued');
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor('not a cursor this server issued');
  }
  const cursor = parseCursor(value);
  if (!cursor) throw invalidCursor('not a cursor this server issued');
  if (cursor.f !== fingerprint) throw invalidCursor('it was made for other filters');
  if (cursor.m === 'name' && q !== undefined) throw invalidCursor('it was made for a listing without q');
  if (cursor.m === 'q') {
    if (q === undefined || cursor.qh !== queryHash(q)) throw invalidCursor('it was made for another q');
    if (cursor.st.df.length !== parseQuery(q).terms.length) throw invalidCursor('not a cursor this server issued');
  }
  return cursor;
}

function parseCursor(value: unknown): CursorData | undefined {
  if (!isRecord(value) || value.v !== CURSOR_VERSION || typeof value.f !== 'string' || typeof value.n !== 'string' || value.n.length > 1000) return undefined;
  if (value.m === 'name') {
    if (Object.keys(value).length !== 4) return undefined;
    return { v: CURSOR_VERSION, m: 'name', f: value.f, n: value.n };
  }
  if (value.m !== 'q' || Object.keys(value).length !== 7 || typeof value.qh !== 'string' || !isScore(value.s)) return undefined;
  const st = value.st;
  if (!isRecord(st) || !isCount(st.n) || !Array.isArray(st.df) || !Array.isArray(st.avg) || st.avg.length !== 4) return undefined;
  const n = st.n;
  if (!st.df.every((d) => isCount(d) && d <= n) || !st.avg.every((a) => typeof a === 'number' && Number.isFinite(a) && a >= 0)) return undefined;
  return { v: CURSOR_VERSION, m: 'q', f: value.f, qh: value.qh, s: value.s, n: value.n, st: { n, df: st.df as number[], avg: st.avg as number[] } };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isScore = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** Index of the first entry whose name sorts after `name` (entries sorted by name). */
function firstNameAfter(entries: readonly SkillEntry[], name: string): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.name <= name) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first hit after (score, name) in score-descending, name-ascending order. */
function firstHitAfter(hits: readonly SearchHit[], score: number, name: string): number {
  let lo = 0;
  let hi = hits.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const hit = hits[mid]!;
    const before = hit.score > score || (hit.score === score && hit.entry.name <= name);
    if (before) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---------------------------------------------------------------------------------------------
// Background indexing

/**
 * Once a search has run, indexes what each catalog change brings in the background (in slices
 * that leave the event loop free), so the next search finds it ready. Before any search nothing
 * is indexed: a server nobody searches pays nothing.
 */
function backgroundWarmer(catalog: Catalog, log: { error: (obj: object, msg: string) => void }) {
  const abort = new AbortController();
  let active = false;
  let running = false;
  let again = false;
  const run = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await warmSearchInBackground(catalog.snapshot().list(), { signal: abort.signal });
      } while (again && !abort.signal.aborted);
    } catch (err) {
      log.error({ err }, 'search indexing failed');
    } finally {
      running = false;
    }
  };
  const unsubscribe = catalog.onChange(() => {
    if (active && !abort.signal.aborted) void run();
  });
  return {
    start() {
      active = true;
    },
    stop() {
      abort.abort();
      unsubscribe();
    },
  };
}
