import type { LineIndex } from '../engine/lines.js';

/** What a markdown line is, as far as judging the text around a match needs. */
export const enum LineKind {
  Blank = 0,
  Prose = 1,
  Heading = 2,
  /** A line that opens or closes a fenced block. */
  Fence = 3,
  /** Inside a fenced block. */
  FencedCode = 4,
  /** An indented code block (four spaces or a tab after a blank line, outside a list). */
  IndentedCode = 5,
  BulletItem = 6,
  NumberedItem = 7,
  /** A line of a list item after its first (indented continuation, or lazy continuation). */
  ItemContinuation = 8,
  Quote = 9,
  TableRow = 10,
  /** The YAML frontmatter, and thematic breaks (`---`, `***`): they end whatever came before. */
  Break = 11,
}

/**
 * The block structure of one markdown file, found in one pass over its lines: for every line its
 * kind, the first and last line of the block it belongs to (a paragraph, a fenced or indented
 * block, a whole list, a table, a block quote), the first line of its list item, and the nearest
 * heading above it. Judging a match then looks at a few lines it names directly, never back over
 * the whole file.
 */
export class MarkdownOutline {
  readonly kind: Uint8Array;
  readonly blockStart: Uint32Array;
  readonly blockEnd: Uint32Array;
  readonly itemStart: Uint32Array;
  readonly heading: Uint32Array;

  constructor(private readonly text: string, readonly lines: LineIndex) {
    const count = lines.lineCount;
    // Index 0 is unused: lines are 1-based.
    this.kind = new Uint8Array(count + 1);
    this.blockStart = new Uint32Array(count + 1);
    this.blockEnd = new Uint32Array(count + 1);
    this.itemStart = new Uint32Array(count + 1);
    this.heading = new Uint32Array(count + 1);
    this.build(count);
  }

  private build(count: number): void {
    const { text, lines } = this;
    let fence: { char: number; length: number; open: number } | null = null;
    let block = 0;
    let indented = 0;
    let item = 0;
    let inList = false;
    let heading = 0;
    let previous: LineKind = LineKind.Blank;
    let first = 1;
    if (text.startsWith('---') && onlySpacesAfter(text, 3, lines.lineEnd(1))) {
      for (let line = 2; line <= count; line++) {
        const s = lines.lineStart(line);
        if ((text.startsWith('---', s) || text.startsWith('...', s)) && onlySpacesAfter(text, s + 3, lines.lineEnd(line))) {
          for (let l = 1; l <= line; l++) this.record(l, LineKind.Break, 0, 0, 0);
          first = line + 1;
          break;
        }
      }
    }
    for (let line = first; line <= count; line++) {
      const start = lines.lineStart(line);
      const end = lines.lineEnd(line);
      let i = start;
      let spaces = 0;
      // Leading whitespace, bounded: a 5 MB line of spaces is still one short look.
      while (i < end && spaces < 16 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) {
        spaces += text.charCodeAt(i) === 9 ? 4 : 1;
        i++;
      }
      const c = i < end ? text.charCodeAt(i) : -1;
      if (fence !== null) {
        const run = c === fence.char ? runLength(text, i, end, c) : 0;
        const closes = spaces < 4 && run >= fence.length && onlySpacesAfter(text, i + run, Math.min(end, i + run + 64)) && i + run + 64 >= end;
        this.record(line, closes ? LineKind.Fence : LineKind.FencedCode, fence.open, item, heading);
        if (closes) fence = null;
        previous = LineKind.FencedCode;
        continue;
      }
      let kind: LineKind;
      if (c === -1) kind = LineKind.Blank;
      else if (spaces <= 3 && (c === 45 || c === 42 || c === 95) && thematicBreak(text, i, end, c)) kind = LineKind.Break;
      else if (spaces <= 3 + (inList ? 8 : 0) && (c === 96 || c === 126) && runLength(text, i, end, c) >= 3) kind = LineKind.Fence;
      else if (spaces >= 4 && !inList && (previous === LineKind.Blank || previous === LineKind.IndentedCode || previous === LineKind.Heading)) kind = LineKind.IndentedCode;
      else if (spaces <= 3 && c === 35 && headingMarker(text, i, end)) kind = LineKind.Heading;
      else if (spaces <= 3 && c === 62) kind = LineKind.Quote;
      else if (c === 124) kind = LineKind.TableRow;
      else if (bulletMarker(text, i, end) && (spaces <= 3 || inList)) kind = LineKind.BulletItem;
      else if (numberedMarker(text, i, end) && (spaces <= 3 || inList)) kind = LineKind.NumberedItem;
      else if (inList && spaces >= 8 && previous === LineKind.Blank) kind = LineKind.IndentedCode;
      else if (inList && (spaces >= 2 || previous !== LineKind.Blank)) kind = LineKind.ItemContinuation;
      else kind = LineKind.Prose;

      if (kind === LineKind.Blank || kind === LineKind.Break) {
        if (kind === LineKind.Break) {
          inList = false;
          item = 0;
        }
        this.record(line, kind, 0, 0, heading);
        previous = kind;
        continue;
      }
      const isItem = kind === LineKind.BulletItem || kind === LineKind.NumberedItem;
      if (isItem) {
        if (!inList) block = line;
        inList = true;
        item = line;
      } else if (inList && (kind === LineKind.ItemContinuation || kind === LineKind.Fence || kind === LineKind.IndentedCode)) {
        // Still inside the list's current item.
      } else {
        inList = false;
        item = 0;
        if (kind !== previous || kind === LineKind.Heading || kind === LineKind.Fence) block = line;
      }
      let own = block;
      if (kind === LineKind.Fence) {
        fence = { char: c, length: runLength(text, i, end, c), open: line };
        own = line;
      } else if (kind === LineKind.IndentedCode) {
        if (previous !== LineKind.IndentedCode) indented = line;
        own = indented;
      }
      if (kind === LineKind.Heading) heading = line;
      this.record(line, kind, own, item, heading);
      previous = kind;
    }
    // Block ends, in one backward pass.
    let last = 0;
    let current = 0;
    for (let line = count; line >= 1; line--) {
      const start = this.blockStart[line]!;
      if (start === 0) continue;
      if (start !== current) {
        current = start;
        last = line;
      }
      this.blockEnd[line] = last;
    }
  }

  private record(line: number, kind: LineKind, block: number, item: number, heading: number): void {
    this.kind[line] = kind;
    this.blockStart[line] = block;
    this.itemStart[line] = item;
    this.heading[line] = heading;
  }

  /** The text of a line. */
  lineText(line: number): string {
    return this.text.slice(this.lines.lineStart(line), this.lines.lineEnd(line));
  }

  isCode(line: number): boolean {
    const k = this.kind[line];
    return k === LineKind.FencedCode || k === LineKind.IndentedCode || k === LineKind.Fence;
  }
}

/** Three or more of one of `-`, `*`, `_`, with nothing else but spaces (bounded: a long line is not a break). */
function thematicBreak(text: string, i: number, end: number, c: number): boolean {
  if (end - i > 200) return false;
  let n = 0;
  for (let j = i; j < end; j++) {
    const d = text.charCodeAt(j);
    if (d === c) n++;
    else if (d !== 32 && d !== 9) return false;
  }
  return n >= 3;
}

function runLength(text: string, from: number, end: number, c: number): number {
  let i = from;
  while (i < end && text.charCodeAt(i) === c) i++;
  return i - from;
}

function onlySpacesAfter(text: string, from: number, end: number): boolean {
  for (let i = from; i < end; i++) if (text.charCodeAt(i) !== 32 && text.charCodeAt(i) !== 9) return false;
  return true;
}

function headingMarker(text: string, i: number, end: number): boolean {
  const hashes = runLength(text, i, end, 35);
  return hashes <= 6 && (i + hashes === end || text.charCodeAt(i + hashes) === 32 || text.charCodeAt(i + hashes) === 9);
}

function bulletMarker(text: string, i: number, end: number): boolean {
  const c = text.charCodeAt(i);
  return (c === 45 || c === 42 || c === 43) && i + 1 < end && (text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 9);
}

function numberedMarker(text: string, i: number, end: number): boolean {
  let j = i;
  while (j < end && j - i < 9 && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
  if (j === i || j + 1 >= end) return false;
  const c = text.charCodeAt(j);
  return (c === 46 || c === 41) && (text.charCodeAt(j + 1) === 32 || text.charCodeAt(j + 1) === 9);
}
