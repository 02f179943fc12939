import type { LineIndex } from './lines.js';
import { isBlankUnit } from './regex-shape.js';

/**
 * Line windows of a file: the only places a pattern needs to be run. Every match of a pattern
 * holds one of its required literals and crosses at most `reach` line gaps (whitespace runs
 * holding line breaks, see regex-shape.ts). Between two gaps of a match there is a character
 * that is not whitespace, and the lines a gap passes over are blank; so the match lies between
 * the `reach`-th line that is not blank before the literal's line and the `reach`-th after it. A
 * window is whole lines, cut before the `\n` of its last line, so `^`, `$` (multi-line), `\b` and
 * `\B` read the same at its ends as in the file: the pattern matches in some window exactly when
 * it matches in the file.
 */
export interface LineWindows {
  /** First and last line (1-based, inclusive) of each window, in order, not touching each other. */
  lines: Int32Array;
  /** Start and end offset of each window's text: [start, end). */
  offsets: Int32Array;
  /** Characters in all windows together. */
  size: number;
}

/** Which lines of a file hold something other than whitespace, counted from the top. */
export class ContentLines {
  /** Per line (1-based): content lines up to and including it; [0] is 0. */
  private readonly upTo: Int32Array;
  /** The content lines, in order. */
  private readonly list: Int32Array;

  constructor(text: string, private readonly lines: LineIndex) {
    const count = lines.lineCount;
    this.upTo = new Int32Array(count + 1);
    const list: number[] = [];
    for (let line = 1; line <= count; line++) {
      const end = line < count ? lines.lineStart(line + 1) - 1 : text.length;
      let content = false;
      for (let i = lines.lineStart(line); i < end; i++) {
        if (!isBlankUnit(text.charCodeAt(i))) {
          content = true;
          break;
        }
      }
      if (content) list.push(line);
      this.upTo[line] = list.length;
    }
    this.list = Int32Array.from(list);
  }

  /** The `k`-th content line before `line` (line 1 when there are fewer); `line` itself for k = 0. */
  before(line: number, k: number): number {
    if (k === 0) return line;
    const rank = this.upTo[line - 1]!;
    return rank >= k ? this.list[rank - k]! : 1;
  }

  /** The `k`-th content line after `line` (the last line when there are fewer); `line` itself for k = 0. */
  after(line: number, k: number): number {
    if (k === 0) return line;
    const rank = this.upTo[line]!;
    return rank + k - 1 < this.list.length ? this.list[rank + k - 1]! : this.lines.lineCount;
  }
}

/** Windows covering more than this share of the file are not worth it: the file is read whole. */
const MAX_COVER = 0.5;

/**
 * The windows around `anchors` (inclusive [first, last] offsets, in `spans` from `from` to `to`
 * pairs), `reach` content lines either side; null when they would cover most of the text.
 */
export function lineWindows(
  anchors: { spans: Int32Array; from: number; to: number }[],
  lines: LineIndex,
  content: ContentLines,
  textLength: number,
  reach: number,
): LineWindows | null {
  let count = 0;
  for (const a of anchors) count += a.to - a.from;
  const first = new Int32Array(count);
  const last = new Int32Array(count);
  let n = 0;
  for (const a of anchors) {
    for (let k = a.from; k < a.to; k++) {
      first[n] = content.before(lines.lineOf(a.spans[2 * k]!), reach);
      last[n] = content.after(lines.lineOf(a.spans[2 * k + 1]!), reach);
      n++;
    }
  }
  // Each literal's occurrences come in order; several literals' need sorting together.
  const order = Array.from({ length: n }, (_, i) => i);
  if (anchors.length > 1) order.sort((x, y) => first[x]! - first[y]!);
  const merged: number[] = [];
  for (const i of order) {
    const a = first[i]!;
    const b = last[i]!;
    // Overlapping or adjacent windows become one.
    if (merged.length > 0 && a <= merged[merged.length - 1]! + 1) merged[merged.length - 1] = Math.max(merged[merged.length - 1]!, b);
    else merged.push(a, b);
  }
  const offsets = new Int32Array(merged.length);
  let size = 0;
  for (let w = 0; w < merged.length; w += 2) {
    offsets[w] = lines.lineStart(merged[w]!);
    const b = merged[w + 1]!;
    offsets[w + 1] = b < lines.lineCount ? lines.lineStart(b + 1) - 1 : textLength;
    size += offsets[w + 1]! - offsets[w]!;
  }
  if (size > textLength * MAX_COVER) return null;
  return { lines: Int32Array.from(merged), offsets, size };
}

/** The text of window `w` (an even index into `windows.offsets`). */
export function windowText(source: string, windows: LineWindows, w: number): string {
  return source.slice(windows.offsets[w]!, windows.offsets[w + 1]!);
}
