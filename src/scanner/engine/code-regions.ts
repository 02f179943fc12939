import { fileTypeMatcher } from './file-types.js';
import type { LineIndex } from './lines.js';

const isScript = fileTypeMatcher(['@script', '*.json', '*.yaml', '*.yml', '*.toml', 'Dockerfile', 'Makefile']);
const MAX_SPAN_LOOKBACK = 2000;

/**
 * Answers "is this offset inside code?" for one file: every offset of a script; in markdown, fenced
 * blocks (``` or ~~~), indented blocks, `$ ` prompt lines and inline `code` spans. Fences are found
 * in one pass over the lines, on first use.
 */
export class CodeRegions {
  private fences: Uint32Array | null = null;

  constructor(private readonly path: string, private readonly text: string, private readonly lines: LineIndex) {}

  contains(offset: number): boolean {
    if (isScript(this.path)) return true;
    const line = this.lines.lineOf(offset);
    const start = this.lines.lineStart(line);
    const first = this.text.charCodeAt(start);
    if (first === 9 || this.text.startsWith('    ', start) || this.text.startsWith('$ ', start)) return true;
    if (this.insideFence(line)) return true;
    let ticks = 0;
    for (let i = Math.max(start, offset - MAX_SPAN_LOOKBACK); i < offset; i++) if (this.text.charCodeAt(i) === 96) ticks++;
    return ticks % 2 === 1;
  }

  private insideFence(line: number): boolean {
    this.fences ??= this.findFences();
    // Pairs of [opening line, closing line]; inside means strictly between them.
    for (let i = 0; i + 1 < this.fences.length; i += 2) {
      if (line > this.fences[i]! && line < this.fences[i + 1]!) return true;
      if (this.fences[i]! > line) break;
    }
    return false;
  }

  private findFences(): Uint32Array {
    const found: number[] = [];
    let open: string | null = null;
    for (let line = 1; line <= this.lines.lineCount; line++) {
      const start = this.lines.lineStart(line);
      let i = start;
      while (i < start + 3 && this.text.charCodeAt(i) === 32) i++;
      const marker = this.text.startsWith('```', i) ? '```' : this.text.startsWith('~~~', i) ? '~~~' : null;
      if (marker === null) continue;
      if (open === null) {
        open = marker;
        found.push(line);
      } else if (marker === open) {
        open = null;
        found.push(line);
      }
    }
    if (open !== null) found.push(this.lines.lineCount + 1);
    return Uint32Array.from(found);
  }
}
