import type { LineIndex } from './lines.js';

/**
 * A file is searched for a rule's matches in line-aligned blocks, after a pass over the whole text
 * has shown the rule matches somewhere: locating matches needs RE2's slower capturing engine, and
 * blocks keep that work to the parts where the fast test found something.
 */
export interface Segment {
  start: number;
  /** Matches starting at or after this offset belong to the next block. */
  ownEnd: number;
  end: number;
}

const BLOCK_SIZE = 16 * 1024;
/** Blocks overlap by this much so a match across a block boundary is still seen whole. */
const BLOCK_OVERLAP = 2048;

/** The whole text as blocks cut at line ends where possible. */
export function blocks(text: string, lines: LineIndex): Segment[] {
  const out: Segment[] = [];
  let pos = 0;
  while (pos < text.length) {
    let ownEnd = Math.min(text.length, pos + BLOCK_SIZE);
    if (ownEnd < text.length) {
      const line = lines.lineOf(ownEnd);
      const nextLine = line < lines.lineCount ? lines.lineStart(line + 1) : text.length;
      // A very long line is cut where it stands; the overlap keeps matches across the cut whole.
      if (nextLine - pos <= 4 * BLOCK_SIZE) ownEnd = nextLine;
    }
    out.push({ start: pos, ownEnd, end: Math.min(text.length, ownEnd + BLOCK_OVERLAP) });
    pos = ownEnd;
  }
  return out;
}
