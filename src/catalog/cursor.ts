import { createHash } from 'node:crypto';
import { AppError } from '../util/app-error.js';
import { parseQuery, type CorpusStats, type SearchHit } from './search.js';
import type { SkillEntry } from './types.js';

/**
 * What a browse cursor holds (base64url of this, as JSON). Name order: the last name returned.
 * Search order: a hash of the query, the last score and name, and the corpus figures the scores
 * were computed with, so later pages score every skill exactly as the first did even when skills
 * are added in between. Either way the next page starts strictly after that position.
 */
export type CursorData =
  | { v: 1; m: 'name'; f: string; n: string }
  | { v: 1; m: 'q'; f: string; qh: string; s: number; n: string; st: CorpusStats };

export const CURSOR_VERSION = 1;

export function encodeCursor(data: CursorData): string {
  return Buffer.from(JSON.stringify(data)).toString('base64url');
}

export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 16);
}

const invalidCursor = (why: string) =>
  new AppError(400, 'invalid_cursor', `Invalid cursor: ${why}`, {
    message: 'Pass the next cursor of the previous page unchanged, with the same query and filters; or drop the cursor to start over.',
  });

/** Reads a cursor this server issued for the same query (`q`) and filters (`fingerprint`). */
export function decodeCursor(raw: string, q: string | undefined, fingerprint: string): CursorData {
  if (!/^[A-Za-z0-9_-]+$/.test(raw) || raw.length > 2048) throw invalidCursor('not a cursor this server issued');
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
    if (q === undefined || cursor.qh !== hashText(q)) throw invalidCursor('it was made for another q');
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
export function firstNameAfter(entries: readonly SkillEntry[], name: string): number {
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
export function firstHitAfter(hits: readonly SearchHit[], score: number, name: string): number {
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
