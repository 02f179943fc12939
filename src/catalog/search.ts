import type { SkillEntry } from './types.js';

/**
 * In-memory ranked full-text search over catalog entries (BM25F-style).
 *
 * Each entry is indexed once, on first use: its term statistics are computed and remembered in a
 * WeakMap keyed by the entry. Entries are immutable and a new snapshot reuses the entries that
 * did not change, so a rebuilt catalog only pays for its new entries.
 *
 * Terms are numbered in one process-wide vocabulary, and each term keeps a posting list of the
 * entries (by slot number) that hold it, with the term's frequency per field packed into one
 * 32-bit word. Indexing an entry appends to the lists of its terms; an entry that is garbage
 * collected is marked dead (FinalizationRegistry) and the lists are compacted once dead slots
 * outnumber live ones. A query walks only the lists of its terms, restricted to the candidates it
 * was given, so a one-word query over 10,000 entries costs a few milliseconds however common the
 * word. The last query term is also matched as a prefix (`deplo` finds `deploy` and
 * `deployment`), expanded once per query against the vocabulary kept sorted by spelling.
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
 * Added to the score of an entry whose name is the query. A term adds less than
 * (K1 + 1) · idf ≤ 2.2 · ln(2N + 2), under 35 even for a million entries, so with at most
 * MAX_QUERY_TERMS terms no text score comes near it.
 */
export const EXACT_NAME_BONUS = 10_000;

// Term frequencies per field, packed: body in bits 0-15, description 16-23, tags 24-27, name 28-31.
const FIELD_SHIFT = [28, 24, 16, 0] as const;
const FIELD_MAX = [0xf, 0xf, 0xff, 0xffff] as const;

interface EntrySearchStats {
  /** Where the entry's field lengths are kept, and how posting lists name it; renumbered by compaction. */
  slot: number;
  /** The name lowercased, and its tokens joined by one space, for exact-name matching. */
  readonly nameLower: string;
  readonly nameKey: string;
  /** Their hashes: comparing two numbers per entry is much cheaper than comparing two strings. */
  readonly nameLowerHash: number;
  readonly nameKeyHash: number;
}

const statsCache = new WeakMap<SkillEntry, EntrySearchStats>();
const tagsCache = new WeakMap<SkillEntry, EntryTags>();

// ---------------------------------------------------------------------------------------------
// Vocabulary

/**
 * Every term seen, numbered in order of first appearance. Bounded, so hostile input full of
 * unique tokens cannot grow it without limit: past the bound, new terms are not indexed (they
 * cannot be found; terms already known still can).
 */
const MAX_VOCABULARY = 500_000;
const termIds = new Map<string, number>();
const termText: string[] = [];
/** Ids sorted by spelling, covering ids below `sortedUpTo`; newer ids are scanned one by one. */
let sortedIds: Uint32Array = new Uint32Array(0);
let sortedUpTo = 0;
/** Newer ids than this many past `sortedUpTo` trigger a re-sort on the next prefix lookup. */
const UNSORTED_TAIL = 4096;

function termId(token: string): number {
  const known = termIds.get(token);
  if (known !== undefined) return known;
  if (termText.length >= MAX_VOCABULARY) return -1;
  // A long match can be a slice that keeps its whole source text alive: keep a copy of its own.
  const own = token.length >= 13 ? Buffer.from(token).toString() : token;
  const id = termText.length;
  termText.push(own);
  termIds.set(own, id);
  return id;
}

/** Ids of every known term that starts with `prefix`, the term itself (if known) first. */
function expandPrefix(prefix: string): number[] {
  if (termText.length - sortedUpTo > UNSORTED_TAIL) {
    const ids = Array.from({ length: termText.length }, (_, i) => i);
    ids.sort((a, b) => compareStrings(termText[a]!, termText[b]!));
    sortedIds = Uint32Array.from(ids);
    sortedUpTo = termText.length;
  }
  const found: number[] = [];
  const exact = termIds.get(prefix);
  if (exact !== undefined) found.push(exact);
  let lo = 0;
  let hi = sortedIds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (termText[sortedIds[mid]!]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < sortedIds.length; i++) {
    const id = sortedIds[i]!;
    const text = termText[id]!;
    if (!text.startsWith(prefix)) break;
    if (id !== exact) found.push(id);
  }
  for (let id = sortedUpTo; id < termText.length; id++) if (id !== exact && termText[id]!.startsWith(prefix)) found.push(id);
  return found;
}

// ---------------------------------------------------------------------------------------------
// Slots and posting lists

/** Per vocabulary id: `[slot, packed frequencies, slot, packed frequencies, ...]`, slots ascending. */
const postings: number[][] = [];
/** Slots handed out so far (live and dead). */
let slotCount = 0;
/** Per slot, the token count of each field. */
let slotLengths: Uint32Array = new Uint32Array(1024 * FIELD_COUNT);
/** Per slot, the statistics object that owns it, or undefined once its entry is gone. */
let slotOwners: Array<EntrySearchStats | undefined> = [];
let deadSlots = 0;
/** Compaction waits until at least this many slots are dead (and they outnumber the live ones). */
const COMPACT_FROM = 1024;

const reaper = new FinalizationRegistry<EntrySearchStats>((stats) => {
  if (slotOwners[stats.slot] === stats) {
    slotOwners[stats.slot] = undefined;
    deadSlots++;
  }
});

function allocateSlot(stats: EntrySearchStats, lengths: readonly number[]): number {
  if ((slotCount + 1) * FIELD_COUNT > slotLengths.length) {
    const grown = new Uint32Array(slotLengths.length * 2);
    grown.set(slotLengths);
    slotLengths = grown;
  }
  const slot = slotCount++;
  for (let f = 0; f < FIELD_COUNT; f++) slotLengths[slot * FIELD_COUNT + f] = lengths[f]!;
  slotOwners[slot] = stats;
  return slot;
}

/** Drops dead slots from every posting list and renumbers the live ones, keeping their order. */
function compactIfWorthIt(): void {
  if (deadSlots < COMPACT_FROM || deadSlots * 2 < slotCount) return;
  const renumber = new Int32Array(slotCount).fill(-1);
  let next = 0;
  for (let slot = 0; slot < slotCount; slot++) {
    const owner = slotOwners[slot];
    if (!owner) continue;
    renumber[slot] = next;
    slotLengths.copyWithin(next * FIELD_COUNT, slot * FIELD_COUNT, (slot + 1) * FIELD_COUNT);
    owner.slot = next;
    slotOwners[next] = owner;
    next++;
  }
  slotOwners.length = next;
  slotOwners = slotOwners.slice();
  slotCount = next;
  deadSlots = 0;
  for (const list of postings) {
    let write = 0;
    for (let read = 0; read < list.length; read += 2) {
      const slot = renumber[list[read]!]!;
      if (slot < 0) continue;
      list[write] = slot;
      list[write + 1] = list[read + 1]!;
      write += 2;
    }
    list.length = write;
  }
}

// ---------------------------------------------------------------------------------------------
// Tokens, tags and per-entry statistics

const TOKEN = /[\p{L}\p{N}]+/gu;

/** Lowercased runs of letters and digits, two to 64 characters long, at most `limit` of them. */
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

function entryStats(entry: SkillEntry): EntrySearchStats {
  let stats = statsCache.get(entry);
  if (!stats) {
    stats = computeStats(entry);
    statsCache.set(entry, stats);
  }
  return stats;
}

let counts: Uint32Array = new Uint32Array(0);
const MAX_NEW_TERMS = 4096;

function growCounts(array: Uint32Array, length: number): Uint32Array {
  const grown = new Uint32Array(Math.max(length, array.length * 2));
  grown.set(array);
  return grown;
}

function computeStats(entry: SkillEntry): EntrySearchStats {
  const nameTokens = tokenize(entry.name, MAX_FIELD_TOKENS);
  const fields: string[][] = [
    nameTokens,
    tokenize(entryTags(entry).tags.join(' '), MAX_FIELD_TOKENS),
    tokenize(entry.manifest.description, MAX_FIELD_TOKENS),
    tokenize(entry.body, MAX_BODY_TOKENS),
  ];
  // Counts per term id in a scratch table shared by every call (reset before returning).
  if (counts.length < termText.length + MAX_NEW_TERMS) counts = growCounts(counts, termText.length + MAX_NEW_TERMS);
  const touched: number[] = [];
  for (let f = 0; f < FIELD_COUNT; f++) {
    const shift = FIELD_SHIFT[f]!;
    const max = FIELD_MAX[f]!;
    for (const token of fields[f]!) {
      const id = termId(token);
      if (id < 0) continue;
      if (id >= counts.length) counts = growCounts(counts, id + MAX_NEW_TERMS);
      const packed = counts[id]!;
      if (packed === 0) touched.push(id);
      // A saturated count stays at its maximum; BM25 barely tells such counts apart anyway.
      if (((packed >>> shift) & max) < max) counts[id] = packed + (1 << shift);
    }
  }
  const nameLower = entry.name.toLowerCase();
  const nameKey = nameTokens.join(' ');
  const stats: EntrySearchStats = { slot: -1, nameLower, nameKey, nameLowerHash: hashString(nameLower), nameKeyHash: hashString(nameKey) };
  stats.slot = allocateSlot(stats, fields.map((tokens) => tokens.length));
  for (const id of touched) {
    const packed = counts[id]!;
    counts[id] = 0;
    const list = postings[id];
    if (list) list.push(stats.slot, packed);
    else postings[id] = [stats.slot, packed];
  }
  reaper.register(entry, stats);
  return stats;
}

/**
 * Computes the statistics of every entry not yet seen, in slices that give the event loop a turn
 * every `sliceMs`, for warming a large catalog in the background without stalling requests.
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

// ---------------------------------------------------------------------------------------------
// Queries

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
  /** Best first; equal scores keep their order in the input (name order, for snapshot lists). */
  hits: SearchHit[];
  /** The figures the scores were computed with. */
  stats: CorpusStats;
  query: ParsedQuery;
}

/**
 * Ranks the entries that match `q`, best first: BM25 over name, tags, description and body with
 * field boosts, idf taken over `entries`, the last term also matched as a prefix, and an entry
 * whose name is the query (`code-review`, or `code review`) before everything else. Entries
 * that match nothing are left out. Equal scores keep their order in `entries`.
 */
export function rankEntries(entries: readonly SkillEntry[], q: string | ParsedQuery, options: { stats?: CorpusStats } = {}): SearchResult {
  const query = typeof q === 'string' ? parseQuery(q) : q;
  compactIfWorthIt();
  // Index what is new first: planning looks terms up in the vocabulary that indexing fills.
  const candidates = new Array<EntrySearchStats>(entries.length);
  for (let e = 0; e < entries.length; e++) candidates[e] = entryStats(entries[e]!);
  const found = matchEntries(candidates, query, planTerms(query.terms));
  const n = entries.length;
  const sums = found.lengthSums;
  const corpus: CorpusStats = options.stats ?? { n, df: found.df, avg: n > 0 ? [sums[0]! / n, sums[1]! / n, sums[2]! / n, sums[3]! / n] : [0, 0, 0, 0] };
  const scores = scoreMatches(found, corpus);
  const order = sortByScore(scores);
  const hits = new Array<SearchHit>(scores.length);
  for (let i = 0; i < scores.length; i++) {
    const k = order[i]!;
    hits[i] = { entry: entries[found.matched[k]!]!, score: scores[k]! };
  }
  return { hits, stats: corpus, query };
}

/** What to look up for one query term: vocabulary ids, each with its weight. */
interface TermPlan {
  /** The term, or the last term and every longer term it starts; empty when no entry holds it. */
  ids: number[];
  /** Per id: 1 for the term itself, PREFIX_WEIGHT for a longer term it starts. */
  weights: number[];
}

function planTerms(terms: readonly string[]): TermPlan[] {
  return terms.map((term, t) => {
    if (t < terms.length - 1) {
      const id = termIds.get(term);
      return id === undefined ? { ids: [], weights: [] } : { ids: [id], weights: [1] };
    }
    const ids = expandPrefix(term);
    return { ids, weights: ids.map((id) => (termText[id] === term ? 1 : PREFIX_WEIGHT)) };
  });
}

interface Matches {
  /** Indices into the candidates of the entries that match, ascending. */
  matched: number[];
  /** Per match: slot, and 1 when its name is the query. */
  slots: Int32Array;
  exact: Uint8Array;
  /** Per candidate, per query term, per field: the (prefix-weighted) frequency. */
  freqs: Float64Array;
  termCount: number;
  df: number[];
  /** Token count per field over every candidate. */
  lengthSums: Float64Array;
}

/** Pass 1: finds the candidates that hold a query term (or are named like the query), with their frequencies. */
function matchEntries(candidates: readonly EntrySearchStats[], query: ParsedQuery, plans: readonly TermPlan[]): Matches {
  const n = candidates.length;
  const termCount = plans.length;
  const width = termCount * FIELD_COUNT;
  // Slot → candidate index + 1 (0: not a candidate, or dead).
  const position = new Int32Array(slotCount);
  const lengthSums = new Float64Array(FIELD_COUNT);
  for (let e = 0; e < n; e++) {
    const slot = candidates[e]!.slot;
    position[slot] = e + 1;
    const at = slot * FIELD_COUNT;
    lengthSums[0] = lengthSums[0]! + slotLengths[at]!;
    lengthSums[1] = lengthSums[1]! + slotLengths[at + 1]!;
    lengthSums[2] = lengthSums[2]! + slotLengths[at + 2]!;
    lengthSums[3] = lengthSums[3]! + slotLengths[at + 3]!;
  }

  const freqs = new Float64Array(n * width);
  /** Per candidate: 1 + the last term counted in its document frequency. */
  const counted = new Int32Array(n);
  const df = new Array<number>(termCount).fill(0);
  for (let t = 0; t < termCount; t++) {
    const plan = plans[t]!;
    let termDf = 0;
    for (let k = 0; k < plan.ids.length; k++) {
      const list = postings[plan.ids[k]!];
      if (!list) continue;
      const weight = plan.weights[k]!;
      for (let i = 0; i < list.length; i += 2) {
        const p = position[list[i]!]!;
        if (p === 0) continue;
        const e = p - 1;
        addPacked(freqs, e * width + t * FIELD_COUNT, list[i + 1]!, weight);
        if (counted[e] !== t + 1) {
          counted[e] = t + 1;
          termDf++;
        }
      }
    }
    df[t] = termDf;
  }

  const lowerHash = hashString(query.lower);
  const keyHash = query.key === '' ? -1 : hashString(query.key);
  const matched: number[] = [];
  const exactList: number[] = [];
  for (let e = 0; e < n; e++) {
    // An entry named like the query holds every query term, so with terms only matches need the check.
    if (counted[e] === 0 && termCount > 0) continue;
    const stats = candidates[e]!;
    const isExact = (stats.nameLowerHash === lowerHash && stats.nameLower === query.lower) || (stats.nameKeyHash === keyHash && stats.nameKey === query.key);
    if (counted[e] === 0 && !isExact) continue;
    matched.push(e);
    exactList.push(isExact ? 1 : 0);
  }
  const slots = Int32Array.from(matched, (e) => candidates[e]!.slot);
  return { matched, slots, exact: Uint8Array.from(exactList), freqs, termCount, df, lengthSums };
}

/** Pass 2: BM25F scores of the matches, with the given corpus figures. */
function scoreMatches(found: Matches, corpus: CorpusStats): Float64Array {
  const termCount = found.termCount;
  const width = termCount * FIELD_COUNT;
  const idf = new Float64Array(termCount);
  for (let t = 0; t < termCount; t++) {
    const d = Math.min(corpus.df[t] ?? 0, corpus.n);
    idf[t] = Math.log(1 + (corpus.n - d + 0.5) / (d + 0.5));
  }
  // Per field, boost / (1 - b + b * length / avg), written as boost / (c0 + c1 * length).
  const c0 = new Float64Array(FIELD_COUNT);
  const c1 = new Float64Array(FIELD_COUNT);
  for (let f = 0; f < FIELD_COUNT; f++) {
    const avg = corpus.avg[f] ?? 0;
    const b = LENGTH_NORM[f]!;
    c0[f] = avg > 0 ? 1 - b : 1;
    c1[f] = avg > 0 ? b / avg : 0;
  }
  const { freqs, slots, exact, matched } = found;
  const count = slots.length;
  const scores = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const l = slots[i]! * FIELD_COUNT;
    const w0 = BOOST[0] / (c0[0]! + c1[0]! * slotLengths[l]!);
    const w1 = BOOST[1] / (c0[1]! + c1[1]! * slotLengths[l + 1]!);
    const w2 = BOOST[2] / (c0[2]! + c1[2]! * slotLengths[l + 2]!);
    const w3 = BOOST[3] / (c0[3]! + c1[3]! * slotLengths[l + 3]!);
    let score = exact[i] ? EXACT_NAME_BONUS : 0;
    for (let t = 0, base = matched[i]! * width; t < termCount; t++, base += FIELD_COUNT) {
      const weighted = freqs[base]! * w0 + freqs[base + 1]! * w1 + freqs[base + 2]! * w2 + freqs[base + 3]! * w3;
      if (weighted > 0) score += (idf[t]! * weighted * (K1 + 1)) / (K1 + weighted);
    }
    scores[i] = quantize(score);
  }
  return scores;
}

/** Score descending, then name ascending: the order of search results over a name-sorted list. */
export function compareHits(a: { score: number; entry: { name: string } }, b: { score: number; entry: { name: string } }): number {
  return b.score - a.score || compareStrings(a.entry.name, b.entry.name);
}

function addPacked(into: Float64Array, base: number, packed: number, weight: number): void {
  into[base] = into[base]! + ((packed >>> FIELD_SHIFT[0]) & FIELD_MAX[0]) * weight;
  into[base + 1] = into[base + 1]! + ((packed >>> FIELD_SHIFT[1]) & FIELD_MAX[1]) * weight;
  into[base + 2] = into[base + 2]! + ((packed >>> FIELD_SHIFT[2]) & FIELD_MAX[2]) * weight;
  into[base + 3] = into[base + 3]! + ((packed >>> FIELD_SHIFT[3]) & FIELD_MAX[3]) * weight;
}

/**
 * Scores are rounded to multiples of 2^-24: far finer than any difference that matters, exact
 * in JSON (so a cursor can carry one), and it lets the sort below pack score and position into
 * one float64 and sort natively.
 */
const SCORE_SCALE = 2 ** 24;
/** Above every reachable score (EXACT_NAME_BONUS plus a few hundred at most). */
const SCORE_LIMIT = 2 ** 14;

function quantize(score: number): number {
  return Math.round(Math.min(score, SCORE_LIMIT - 1) * SCORE_SCALE) / SCORE_SCALE;
}

/** Indices of `scores`, highest score first; equal scores in index order. */
function sortByScore(scores: Float64Array): ArrayLike<number> {
  const count = scores.length;
  const indexBits = Math.max(1, Math.ceil(Math.log2(count + 1)));
  // (SCORE_LIMIT - score) as a whole number of 2^-24 steps is at most 2^38; times the index
  // slots, plus the index, it must stay below 2^53 to be exact.
  if (indexBits > 53 - 39) {
    const order = Array.from({ length: count }, (_, i) => i);
    return order.sort((a, b) => scores[b]! - scores[a]! || a - b);
  }
  const slots = 2 ** indexBits;
  const keys = new Float64Array(count);
  for (let i = 0; i < count; i++) keys[i] = (SCORE_LIMIT - scores[i]!) * SCORE_SCALE * slots + i;
  keys.sort();
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = keys[i]! % slots;
  return order;
}

/** FNV-1a over UTF-16 code units: a non-negative 31-bit number. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 1;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
