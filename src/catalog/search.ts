import type { SkillEntry } from './types.js';

/**
 * In-memory ranked full-text search over catalog entries (BM25F-style).
 *
 * Each entry's term statistics are computed once, on first use, and kept in a WeakMap keyed by
 * the entry. Entries are immutable and a new snapshot reuses the entries that did not change, so
 * a rebuilt catalog only pays for its new entries, and a dropped entry's statistics go with it.
 *
 * Per entry the unique terms are kept sorted, each with its frequency per field packed into one
 * 32-bit word. A query term is a binary search per entry; the last query term is also matched as
 * a prefix (`deplo` finds `deploy`, `deployment`), which on a sorted array is the same binary
 * search followed by a short forward scan. No global inverted index has to be rebuilt when the
 * catalog changes.
 */

/** Tokens read from one body at most; the rest of a huge body is not indexed. */
export const MAX_BODY_TOKENS = 20_000;
/** Tokens read from name, tags or description at most. */
const MAX_FIELD_TOKENS = 2_000;
const MIN_TOKEN_LENGTH = 2;
/** Longer runs (hashes, base64 blobs) are not words anyone searches for. */
const MAX_TOKEN_LENGTH = 64;
/** Query terms beyond this are ignored. */
export const MAX_QUERY_TERMS = 16;

/** Field order used throughout: name, tags, description, body. */
export const SEARCH_FIELDS = ['name', 'tags', 'description', 'body'] as const;
const FIELD_COUNT = 4;
/** name ≫ tags > description > body. */
const BOOST = [12, 4, 2, 1] as const;
/** Length normalisation per field (BM25 `b`). */
const LENGTH_NORM = [0.3, 0.5, 0.75, 0.75] as const;
const K1 = 1.2;
/** A term that only starts with the last query term counts for this much of an exact one. */
const PREFIX_WEIGHT = 0.6;
/**
 * Added to the score of an entry whose name is the query: more than any text score can reach
 * (a term contributes at most idf ≤ ln(N + 1.5) ≈ 10 for 10,000 entries, times MAX_QUERY_TERMS).
 */
export const EXACT_NAME_BONUS = 10_000;

// Term frequencies per field, packed: body in bits 0-15, description 16-23, tags 24-27, name 28-31.
const FIELD_SHIFT = [28, 24, 16, 0] as const;
const FIELD_MAX = [0xf, 0xf, 0xff, 0xffff] as const;

export interface EntrySearchStats {
  /** Unique terms, sorted by code unit (the order of `<`). */
  readonly terms: readonly string[];
  /** Packed per-field frequencies, parallel to `terms`. */
  readonly tf: Uint32Array;
  /** Token count per field: name, tags, description, body. */
  readonly lengths: readonly [number, number, number, number];
  /** The name lowercased, and its tokens joined by one space, for exact-name matching. */
  readonly nameLower: string;
  readonly nameKey: string;
}

const statsCache = new WeakMap<SkillEntry, EntrySearchStats>();
const tagsCache = new WeakMap<SkillEntry, EntryTags>();

/**
 * Token strings are shared between entries (a 10,000-skill catalog repeats the same few thousand
 * words): each entry keeps references to one copy instead of its own. Bounded, so hostile input
 * full of unique tokens cannot grow it without limit; past the bound tokens are simply not shared.
 */
const interned = new Map<string, string>();
const MAX_INTERNED = 500_000;

function intern(token: string): string {
  const known = interned.get(token);
  if (known !== undefined) return known;
  if (interned.size < MAX_INTERNED) interned.set(token, token);
  return token;
}

const TOKEN = /[\p{L}\p{N}]+/gu;

/** Lowercased runs of letters and digits, at least two characters long, at most `limit` of them. */
export function tokenize(text: string, limit = Number.POSITIVE_INFINITY): string[] {
  const tokens: string[] = [];
  if (!text) return tokens;
  const re = new RegExp(TOKEN.source, TOKEN.flags);
  const lower = text.toLowerCase();
  for (let m = re.exec(lower); m !== null && tokens.length < limit; m = re.exec(lower)) {
    const token = m[0];
    if (token.length >= MIN_TOKEN_LENGTH && token.length <= MAX_TOKEN_LENGTH) tokens.push(token);
  }
  return tokens;
}

export interface EntryTags {
  /** As written (trimmed), first occurrence of each, in order. */
  readonly tags: readonly string[];
  /** Lowercased, for filtering. */
  readonly set: ReadonlySet<string>;
}

/**
 * The tags of an entry: `metadata.tags` (the Agent Skills place for extra fields) or a top-level
 * `tags` frontmatter key; a list of strings, or one comma-separated string.
 */
export function entryTags(entry: SkillEntry): EntryTags {
  let found = tagsCache.get(entry);
  if (found) return found;
  const raw = pickTags(entry.manifest.metadata?.tags) ?? pickTags(entry.manifest.frontmatter?.tags) ?? [];
  const tags: string[] = [];
  const set = new Set<string>();
  for (const tag of raw) {
    const trimmed = tag.trim();
    const key = trimmed.toLowerCase();
    if (!trimmed || set.has(key)) continue;
    set.add(key);
    tags.push(trimmed);
  }
  found = { tags, set };
  tagsCache.set(entry, found);
  return found;
}

function pickTags(value: unknown): string[] | undefined {
  if (typeof value === 'string') return value.split(',');
  if (Array.isArray(value)) {
    const strings = value.filter((item): item is string => typeof item === 'string');
    return strings.length > 0 ? strings : undefined;
  }
  return undefined;
}

/** The term statistics of one entry, computed on first use and cached for the entry's life. */
export function entryStats(entry: SkillEntry): EntrySearchStats {
  let stats = statsCache.get(entry);
  if (!stats) {
    stats = computeStats(entry);
    statsCache.set(entry, stats);
  }
  return stats;
}

function computeStats(entry: SkillEntry): EntrySearchStats {
  const nameTokens = tokenize(entry.name, MAX_FIELD_TOKENS);
  const fields: string[][] = [
    nameTokens,
    tokenize(entryTags(entry).tags.join(' '), MAX_FIELD_TOKENS),
    tokenize(entry.manifest.description, MAX_FIELD_TOKENS),
    tokenize(entry.body, MAX_BODY_TOKENS),
  ];
  const counts = new Map<string, number>();
  for (let f = 0; f < FIELD_COUNT; f++) {
    const shift = FIELD_SHIFT[f]!;
    const max = FIELD_MAX[f]!;
    for (const token of fields[f]!) {
      const packed = counts.get(token) ?? 0;
      const current = (packed >>> shift) & max;
      // Saturated counts stay at their maximum; BM25 barely tells them apart anyway.
      if (current < max) counts.set(token, (packed + (1 << shift)) >>> 0);
    }
  }
  const terms = [...counts.keys()].sort(compareStrings);
  const tf = new Uint32Array(terms.length);
  for (let i = 0; i < terms.length; i++) {
    const term = terms[i]!;
    tf[i] = counts.get(term)!;
    terms[i] = intern(term);
  }
  return {
    terms,
    tf,
    lengths: [fields[0]!.length, fields[1]!.length, fields[2]!.length, fields[3]!.length],
    nameLower: entry.name.toLowerCase(),
    nameKey: nameTokens.join(' '),
  };
}

/** Computes the statistics of every entry not yet seen. Returns how many were computed. */
export function warmSearch(entries: Iterable<SkillEntry>): number {
  let computed = 0;
  for (const entry of entries) {
    if (statsCache.has(entry)) continue;
    entryStats(entry);
    computed++;
  }
  return computed;
}

/**
 * `warmSearch` in slices that give the event loop a turn every `sliceMs`, for warming a large
 * catalog in the background without stalling requests.
 */
export async function warmSearchInBackground(entries: Iterable<SkillEntry>, options: { sliceMs?: number; signal?: AbortSignal } = {}): Promise<number> {
  const sliceMs = options.sliceMs ?? 8;
  let computed = 0;
  let sliceStart = Date.now();
  for (const entry of entries) {
    if (options.signal?.aborted) break;
    if (statsCache.has(entry)) continue;
    entryStats(entry);
    computed++;
    if (Date.now() - sliceStart >= sliceMs) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = Date.now();
    }
  }
  return computed;
}

export interface ParsedQuery {
  /** Distinct terms; the last one is matched as a prefix too. */
  readonly terms: readonly string[];
  /** The query lowercased and trimmed, for exact-name matching. */
  readonly lower: string;
  /** The query's tokens joined by one space, for exact-name matching (`code review` ≙ `code-review`). */
  readonly key: string;
}

export function parseQuery(q: string): ParsedQuery {
  const tokens = tokenize(q, 256);
  const last = tokens.length > 0 ? tokens[tokens.length - 1]! : undefined;
  const terms: string[] = [];
  for (const token of tokens.slice(0, -1)) {
    if (token !== last && !terms.includes(token) && terms.length < MAX_QUERY_TERMS - 1) terms.push(token);
  }
  if (last !== undefined) terms.push(last);
  return { terms, lower: q.trim().toLowerCase(), key: tokens.join(' ') };
}

/**
 * The corpus figures scores depend on: candidate count, document frequency per query term and
 * mean field lengths. Passing the figures of an earlier search back in scores every entry exactly
 * as that search did, whatever was added or removed since (what keyset paging over scores needs).
 */
export interface CorpusStats {
  n: number;
  /** Per query term, in `ParsedQuery.terms` order. */
  df: number[];
  /** Mean token count per field: name, tags, description, body. */
  avg: number[];
}

export interface SearchHit {
  entry: SkillEntry;
  score: number;
}

export interface SearchResult {
  /** Best first; equal scores by name. */
  hits: SearchHit[];
  /** The figures the scores were computed with. */
  stats: CorpusStats;
  query: ParsedQuery;
}

/**
 * Ranks the entries that match `q`: BM25 over name, tags, description and body with field
 * boosts, idf taken over `entries` (or from `options.stats`), the last term also matched as a
 * prefix, and an entry whose name is the query first of all.
 */
export function searchEntries(entries: readonly SkillEntry[], q: string): SearchHit[] {
  return rankEntries(entries, q).hits;
}

export function rankEntries(entries: readonly SkillEntry[], q: string | ParsedQuery, options: { stats?: CorpusStats } = {}): SearchResult {
  const T0 = performance.now();
  const query = typeof q === 'string' ? parseQuery(q) : q;
  const terms = query.terms;
  const termCount = terms.length;
  const lastTerm = termCount - 1;
  const width = termCount * FIELD_COUNT;

  // Pass 1: match every candidate, keeping the per-field frequencies of the matches in `freqs`
  // (`width` numbers per match) and counting document frequencies.
  let freqs = new Float64Array(Math.max(256, width * 256));
  const matched: SkillEntry[] = [];
  const matchedStats: EntrySearchStats[] = [];
  const exact: boolean[] = [];
  const df = new Array<number>(termCount).fill(0);
  let len0 = 0;
  let len1 = 0;
  let len2 = 0;
  let len3 = 0;

  for (let e = 0; e < entries.length; e++) {
    const entry = entries[e]!;
    const stats = entryStats(entry);
    const lengths = stats.lengths;
    len0 += lengths[0];
    len1 += lengths[1];
    len2 += lengths[2];
    len3 += lengths[3];
    const isExact = stats.nameLower === query.lower || (query.key !== '' && stats.nameKey === query.key);
    const at = matched.length * width;
    if (at + width > freqs.length) {
      const grown = new Float64Array(freqs.length * 2);
      grown.set(freqs);
      freqs = grown;
    }
    const list = stats.terms;
    const tf = stats.tf;
    let any = false;
    for (let t = 0; t < termCount; t++) {
      const term = terms[t]!;
      const base = at + t * FIELD_COUNT;
      freqs[base] = freqs[base + 1] = freqs[base + 2] = freqs[base + 3] = 0;
      let j = lowerBound(list, term);
      let hit = false;
      if (t === lastTerm) {
        for (; j < list.length && list[j]!.startsWith(term); j++) {
          addPacked(freqs, base, tf[j]!, list[j]!.length === term.length ? 1 : PREFIX_WEIGHT);
          hit = true;
        }
      } else if (j < list.length && list[j] === term) {
        addPacked(freqs, base, tf[j]!, 1);
        hit = true;
      }
      if (hit) {
        df[t]!++;
        any = true;
      }
    }
    if (!any && !isExact) continue;
    matched.push(entry);
    matchedStats.push(stats);
    exact.push(isExact);
  }

  const T1 = performance.now();
  const n = entries.length;
  const corpus: CorpusStats = options.stats ?? { n, df, avg: n > 0 ? [len0 / n, len1 / n, len2 / n, len3 / n] : [0, 0, 0, 0] };
  const idf = new Float64Array(termCount);
  for (let t = 0; t < termCount; t++) {
    const d = Math.min(corpus.df[t] ?? 0, corpus.n);
    idf[t] = Math.log(1 + (corpus.n - d + 0.5) / (d + 0.5));
  }
  // Per field: boost / (1 - b + b * length / avg) = boost / (c0 + c1 * length).
  const c0 = new Float64Array(FIELD_COUNT);
  const c1 = new Float64Array(FIELD_COUNT);
  for (let f = 0; f < FIELD_COUNT; f++) {
    const avg = corpus.avg[f] ?? 0;
    const b = LENGTH_NORM[f]!;
    c0[f] = avg > 0 ? 1 - b : 1;
    c1[f] = avg > 0 ? b / avg : 0;
  }

  // Pass 2: score the matches.
  const count = matched.length;
  const scores = new Float64Array(count);
  const w = new Float64Array(FIELD_COUNT);
  for (let i = 0; i < count; i++) {
    const lengths = matchedStats[i]!.lengths;
    w[0] = BOOST[0] / (c0[0]! + c1[0]! * lengths[0]);
    w[1] = BOOST[1] / (c0[1]! + c1[1]! * lengths[1]);
    w[2] = BOOST[2] / (c0[2]! + c1[2]! * lengths[2]);
    w[3] = BOOST[3] / (c0[3]! + c1[3]! * lengths[3]);
    let score = exact[i] ? EXACT_NAME_BONUS : 0;
    for (let t = 0, base = i * width; t < termCount; t++, base += FIELD_COUNT) {
      const weighted = freqs[base]! * w[0]! + freqs[base + 1]! * w[1]! + freqs[base + 2]! * w[2]! + freqs[base + 3]! * w[3]!;
      if (weighted > 0) score += (idf[t]! * weighted * (K1 + 1)) / (K1 + weighted);
    }
    scores[i] = score;
  }

  const T2 = performance.now();
  const order = new Array<number>(count);
  for (let i = 0; i < count; i++) order[i] = i;
  order.sort((a, b) => scores[b]! - scores[a]! || compareStrings(matched[a]!.name, matched[b]!.name));
  const T3 = performance.now();
  const hits = new Array<SearchHit>(count);
  for (let i = 0; i < count; i++) {
    const k = order[i]!;
    hits[i] = { entry: matched[k]!, score: scores[k]! };
  }
  (globalThis as any).TIMES?.push([T1-T0,T2-T1,T3-T2,performance.now()-T3]);
  return { hits, stats: corpus, query };
}

/** Score descending, then name ascending: the order of search results and of search cursors. */
export function compareHits(a: { score: number; entry: { name: string } }, b: { score: number; entry: { name: string } }): number {
  return b.score - a.score || compareStrings(a.entry.name, b.entry.name);
}

function addPacked(into: Float64Array, base: number, packed: number, weight: number): void {
  into[base] = into[base]! + ((packed >>> FIELD_SHIFT[0]) & FIELD_MAX[0]) * weight;
  into[base + 1] = into[base + 1]! + ((packed >>> FIELD_SHIFT[1]) & FIELD_MAX[1]) * weight;
  into[base + 2] = into[base + 2]! + ((packed >>> FIELD_SHIFT[2]) & FIELD_MAX[2]) * weight;
  into[base + 3] = into[base + 3]! + ((packed >>> FIELD_SHIFT[3]) & FIELD_MAX[3]) * weight;
}

/** First index whose term is not below `term`. */
function lowerBound(list: readonly string[], term: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < term) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
