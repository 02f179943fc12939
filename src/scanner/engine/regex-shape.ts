/**
 * What the syntax of an RE2 pattern says about every match of it, beyond its literals:
 *
 * - how many line breaks a match can span at most (`[^\n]*` none, `\s+` any number), so the
 *   engine may run the pattern only on the lines around a literal every match holds;
 * - whether it uses `\A`, `\z` or turns multi-line mode off, the anchors that read a line-aligned
 *   window differently from the whole text (such a pattern is always run on the whole text);
 * - runs every match holds: `[A-Za-z0-9+/]{24,}` holds 24 characters in a row from one class,
 *   which ordinary prose does not, so a pattern made only of classes still gets a prefilter.
 *
 * Like literals.ts, every answer may only over-estimate what a match can do: more line breaks than
 * possible, fewer runs than required. Syntax it does not know throws when the pack compiles.
 */

/** Marks a run requirement among the literal requirements (no extracted literal starts with it). */
export const RUN = '\u0002';

/** Runs shorter than this are left out: words and identifiers in prose reach it rarely. */
const RUN_MIN = 16;
/** Run requirements kept per pattern (the longest). */
const MAX_RUNS = 2;

/** One run requirement: `length` units in a row, each in `chars` (ASCII code units; case-folded when `fold`). */
export interface RunSpec {
  chars: number[];
  fold: boolean;
  length: number;
}

export function runToken(run: RunSpec): string {
  return `${RUN}${run.fold ? 'i' : 'c'}${run.length}:${run.chars.join(',')}`;
}

export function parseRunToken(token: string): RunSpec | null {
  if (!token.startsWith(RUN)) return null;
  const colon = token.indexOf(':');
  return { fold: token[1] === 'i', length: Number(token.slice(2, colon)), chars: token.slice(colon + 1).split(',').map(Number) };
}

export interface PatternShape {
  /**
   * Most line gaps a match can cross; Infinity when unbounded. A line gap is a run of whitespace
   * holding line breaks: `[^\n]*\s+[^\n]*` crosses one (from a line to the next line that is not
   * blank), `\s+` between words one however many blank lines it spans, `[\s\S]*` any number.
   */
  maxLineGaps: number;
  /** The pattern reads `\A`, `\z` or single-line `^`/`$`: it must see the whole text. */
  wholeText: boolean;
  /** Conjunction of disjunctions of run tokens (see runToken). */
  runs: string[][];
}

interface Info {
  /** ASCII code units a match can consist of; null when unknown or beyond ASCII. */
  chars: Set<number> | null;
  minLength: number;
  /** Line gaps a match can cross (see PatternShape.maxLineGaps). */
  newlines: number;
  runs: string[][];
  wholeText: boolean;
}

const NONE: Info = { chars: new Set(), minLength: 0, newlines: 0, runs: [], wholeText: false };
const SPACE_UNITS = [9, 10, 12, 13, 32];
const DIGITS = range(48, 57);
const WORD = [...range(48, 57), ...range(65, 90), ...range(97, 122), 95];

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** RE2's `\s` and the vertical tab: what a blank line may hold. */
export const isBlankUnit = (c: number) => c === 32 || (c >= 9 && c <= 13);

function whitespaceOnly(info: Info): boolean {
  return info.chars !== null && [...info.chars].every(isBlankUnit);
}

const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** A class as the parser reads it: the ASCII units it holds, whether it holds more, whether it holds `\n`. */
interface ClassInfo {
  ascii: Set<number>;
  beyond: boolean;
  newline: boolean;
}

class Parser {
  private pos = 0;
  private dotAll = false;

  constructor(
    private readonly src: string,
    private fold: boolean,
  ) {}

  parse(): Info {
    const info = this.alternation();
    if (this.pos < this.src.length) throw new Error(`unexpected "${this.src[this.pos]}" at ${this.pos}`);
    return info;
  }

  private alternation(): Info {
    const branches = [this.concatenation()];
    while (this.src[this.pos] === '|') {
      this.pos++;
      branches.push(this.concatenation());
    }
    if (branches.length === 1) return branches[0]!;
    const chars = branches.every((b) => b.chars) ? new Set(branches.flatMap((b) => [...b.chars!])) : null;
    // A run is required only if every branch requires one: then one of them, whichever branch matched.
    const runs = branches.every((b) => b.runs.length > 0) ? [[...new Set(branches.flatMap((b) => b.runs[0]!))]] : [];
    return {
      chars,
      minLength: Math.min(...branches.map((b) => b.minLength)),
      newlines: Math.max(...branches.map((b) => b.newlines)),
      runs,
      wholeText: branches.some((b) => b.wholeText),
    };
  }

  private concatenation(): Info {
    const parts: Info[] = [];
    while (this.pos < this.src.length && this.src[this.pos] !== '|' && this.src[this.pos] !== ')') parts.push(this.repeat(this.atom()));
    if (parts.length === 1) return parts[0]!;
    const chars = parts.every((p) => p.chars) ? new Set(parts.flatMap((p) => [...p.chars!])) : null;
    const info: Info = {
      chars,
      minLength: parts.reduce((n, p) => n + p.minLength, 0),
      newlines: parts.reduce((n, p) => n + p.newlines, 0),
      runs: parts.flatMap((p) => p.runs),
      wholeText: parts.some((p) => p.wholeText),
    };
    return this.withRun(info);
  }

  /** Adds the run the whole piece is, when it is made of one narrow class and long enough. */
  private withRun(info: Info): Info {
    const chars = info.chars;
    if (!chars || info.minLength < RUN_MIN || chars.size === 0) return info;
    // Letters and spaces together are prose: any sentence is such a run.
    if (chars.has(32) && [...chars].some(isLetter)) return info;
    const token = runToken({ chars: [...chars].sort((a, b) => a - b), fold: this.fold, length: info.minLength });
    return { ...info, runs: [...info.runs, [token]] };
  }

  private repeat(atom: Info): Info {
    for (;;) {
      const c = this.src[this.pos];
      let min: number;
      let max: number;
      if (c === '*') (min = 0), (max = Infinity), this.pos++;
      else if (c === '+') (min = 1), (max = Infinity), this.pos++;
      else if (c === '?') (min = 0), (max = 1), this.pos++;
      else if (c === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos, this.pos + 20));
        if (!m) return atom;
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
        this.pos += m[0].length;
      } else return atom;
      if (this.src[this.pos] === '?') this.pos++;
      // Repeated whitespace is still one whitespace run: one gap, however many line breaks.
      const gaps = atom.newlines === 0 ? 0 : whitespaceOnly(atom) ? 1 : atom.newlines * max;
      atom = this.withRun({
        chars: atom.chars,
        minLength: atom.minLength * min,
        newlines: gaps,
        runs: min > 0 ? atom.runs : [],
        wholeText: atom.wholeText,
      });
    }
  }

  private atom(): Info {
    const c = this.src[this.pos]!;
    if (c === '(') return this.group();
    if (c === '[') return this.fromClass(this.charClass());
    if (c === '\\') return this.escape();
    this.pos++;
    if (c === '.') return { chars: null, minLength: 1, newlines: this.dotAll ? 1 : 0, runs: [], wholeText: false };
    if (c === '^' || c === '$') return NONE;
    const code = c.charCodeAt(0);
    if (code >= 0xd800 && code < 0xdc00 && this.pos < this.src.length) this.pos++;
    return this.unit(code);
  }

  private unit(code: number): Info {
    return this.fromClass({ ascii: code < 128 ? new Set([code]) : new Set(), beyond: code >= 128, newline: code === 10 });
  }

  private fromClass(cls: ClassInfo): Info {
    let chars: Set<number> | null = null;
    if (!cls.beyond) {
      chars = new Set(cls.ascii);
      // Folding adds the other case (and the run table adds ſ and K, which fold to s and k).
      if (this.fold) for (const c of cls.ascii) if (isLetter(c)) chars.add(c ^ 0x20);
    }
    return { chars, minLength: 1, newlines: cls.newline ? 1 : 0, runs: [], wholeText: false };
  }

  private group(): Info {
    this.pos++;
    if (this.src.startsWith('?', this.pos)) {
      const flags = /^\?([imsU]*)(?:-([imsU]*))?(\)|:)/.exec(this.src.slice(this.pos, this.pos + 14));
      if (flags) {
        this.pos += flags[0].length;
        const on = flags[1] ?? '';
        const off = flags[2] ?? '';
        // Without multi-line mode ^ and $ mean the ends of the text, which a window reads differently.
        const singleLine = off.includes('m');
        const apply = () => {
          if (on.includes('i')) this.fold = true;
          if (off.includes('i')) this.fold = false;
          if (on.includes('s')) this.dotAll = true;
          if (off.includes('s')) this.dotAll = false;
        };
        if (flags[3] === ')') {
          apply();
          return singleLine ? { ...NONE, wholeText: true } : NONE;
        }
        const saved = [this.fold, this.dotAll] as const;
        apply();
        const inner = this.alternation();
        [this.fold, this.dotAll] = saved;
        this.expect(')');
        return singleLine ? { ...inner, wholeText: true } : inner;
      }
      const named = /^\?P?<[A-Za-z0-9_]+>/.exec(this.src.slice(this.pos, this.pos + 40));
      if (!named) throw new Error(`unsupported group at ${this.pos}`);
      this.pos += named[0].length;
    }
    const inner = this.alternation();
    this.expect(')');
    return inner;
  }

  private expect(ch: string): void {
    if (this.src[this.pos] !== ch) throw new Error(`expected "${ch}" at ${this.pos}`);
    this.pos++;
  }

  private charClass(): ClassInfo {
    this.pos++;
    const negated = this.src[this.pos] === '^';
    if (negated) this.pos++;
    const held: ClassInfo = { ascii: new Set(), beyond: false, newline: false };
    let first = true;
    while (this.pos < this.src.length && (this.src[this.pos] !== ']' || first)) {
      first = false;
      if (this.src.startsWith('[:', this.pos)) {
        const end = this.src.indexOf(':]', this.pos + 2);
        if (end === -1) throw new Error('unterminated POSIX class');
        this.pos = end + 2;
        // Not enumerated: unknown, and it may hold a line break.
        held.beyond = true;
        held.newline = true;
        continue;
      }
      const low = this.classMember();
      if (typeof low !== 'number') {
        for (const c of low.ascii) held.ascii.add(c);
        held.beyond ||= low.beyond;
        held.newline ||= low.newline;
        continue;
      }
      let high = low;
      if (this.src[this.pos] === '-' && this.src[this.pos + 1] !== ']' && this.pos + 1 < this.src.length) {
        this.pos++;
        const to = this.classMember();
        if (typeof to !== 'number') throw new Error('bad class range');
        high = to;
      }
      for (let c = low; c <= Math.min(high, 127); c++) held.ascii.add(c);
      if (high >= 128) held.beyond = true;
      if (low <= 10 && high >= 10) held.newline = true;
    }
    this.expect(']');
    // A negated class holds everything it does not list, beyond ASCII too.
    if (negated) return { ascii: new Set(), beyond: true, newline: !held.newline };
    return held;
  }

  /** One member of a class: a code point, or a class escape (`\d`, `\s`, `\pL` …). */
  private classMember(): number | ClassInfo {
    const c = this.src[this.pos]!;
    if (c !== '\\') {
      this.pos++;
      const code = c.codePointAt(0)!;
      if (code > 0xffff) this.pos++;
      return code;
    }
    return this.escapedMember();
  }

  private escape(): Info {
    const next = this.src[this.pos + 1];
    if (next === 'b' || next === 'B') {
      this.pos += 2;
      return NONE;
    }
    if (next === 'A' || next === 'z') {
      this.pos += 2;
      return { ...NONE, wholeText: true };
    }
    if (next === 'Q') {
      const end = this.src.indexOf('\\E', this.pos + 2);
      const text = this.src.slice(this.pos + 2, end === -1 ? undefined : end);
      this.pos = end === -1 ? this.src.length : end + 2;
      let info: Info = { ...NONE };
      for (const ch of text) {
        const u = this.unit(ch.codePointAt(0)!);
        info = {
          chars: info.chars && u.chars ? new Set([...info.chars, ...u.chars]) : null,
          minLength: info.minLength + ch.length,
          newlines: info.newlines + u.newlines,
          runs: [],
          wholeText: false,
        };
      }
      return info;
    }
    const member = this.escapedMember();
    return typeof member === 'number' ? this.unit(member) : this.fromClass(member);
  }

  private escapedMember(): number | ClassInfo {
    const next = this.src[this.pos + 1];
    if (next === undefined) throw new Error('trailing backslash');
    this.pos += 2;
    switch (next) {
      case 'd':
        return { ascii: new Set(DIGITS), beyond: false, newline: false };
      case 'w':
        return { ascii: new Set(WORD), beyond: false, newline: false };
      case 's':
        return { ascii: new Set(SPACE_UNITS), beyond: false, newline: true };
      case 'D':
      case 'W':
        return { ascii: new Set(), beyond: true, newline: true };
      case 'S':
        return { ascii: new Set(), beyond: true, newline: false };
      case 'p':
      case 'P':
      case 'C':
        if (next !== 'C') {
          if (this.src[this.pos] === '{') this.pos = this.src.indexOf('}', this.pos) + 1;
          else this.pos++;
        }
        return { ascii: new Set(), beyond: true, newline: true };
      case 'x': {
        if (this.src[this.pos] === '{') {
          const end = this.src.indexOf('}', this.pos);
          const code = parseInt(this.src.slice(this.pos + 1, end), 16);
          this.pos = end + 1;
          return code;
        }
        const code = parseInt(this.src.slice(this.pos, this.pos + 2), 16);
        this.pos += 2;
        return code;
      }
      case 'n':
        return 10;
      case 't':
        return 9;
      case 'r':
        return 13;
      case 'f':
        return 12;
      case 'v':
        return 11;
      case 'a':
        return 7;
      default:
        if (/[0-7]/.test(next)) throw new Error('octal escapes are not read');
        return next.codePointAt(0)!;
    }
  }
}

/** What is assumed of a pattern whose syntax this reader does not know: nothing. */
const UNKNOWN_SHAPE: PatternShape = { maxLineGaps: Infinity, wholeText: true, runs: [] };

/**
 * The shape of a pattern compiled with RE2's multi-line flag, ignoring case when `caseInsensitive`.
 * Syntax this reader does not know gives the shape that assumes nothing (run on the whole text,
 * no run prefilter): slower, never wrong.
 */
export function patternShape(pattern: string, caseInsensitive: boolean): PatternShape {
  let info: Info;
  try {
    info = new Parser(pattern, caseInsensitive).parse();
  } catch {
    return UNKNOWN_SHAPE;
  }
  const runs = [...new Map(info.runs.map((set) => [set.join('\u0000'), set])).values()]
    .sort((x, y) => shortest(y) - shortest(x))
    .slice(0, MAX_RUNS);
  return { maxLineGaps: info.newlines, wholeText: info.wholeText, runs };
}

function shortest(set: string[]): number {
  return Math.min(...set.map((t) => parseRunToken(t)!.length));
}
