/**
 * Required literals of an RE2 pattern, the way RE2's FilteredRE2 and Hyperscan find them: walk the
 * pattern's syntax and compute, for every match, strings that must occur in it. The result is a
 * conjunction of disjunctions (every match contains one string of each set), all lower-cased, so
 * a file that lacks them cannot match and the pattern is never run over it.
 *
 * Soundness is what matters: every rule here only ever weakens the condition (drops a set it is
 * unsure of), so a missing literal proves there is no match. `null` means "no literal is required".
 */

/** A conjunction of disjunctions of lower-cased literals; null when nothing is required. */
export type Requirement = string[][] | null;

/**
 * Literals lighter than this (see `weight`: a single letter) say nothing; anything heavier is
 * kept, because every set added to the conjunction can only make the filter more selective.
 */
const MIN_LITERAL = 2;
/** Exact sets larger than this are turned into requirements. */
const MAX_EXACT = 64;
/** Sets of literals kept per pattern; beyond the most selective few the rest add little. */
const MAX_CONJUNCTS = 6;
/** Character classes with at most this many (folded) characters are kept as exact alternatives. */
const MAX_CLASS = 6;

/**
 * What a piece of pattern is known to match: exactly one of a small set of strings; or strings
 * containing the required literals, which may also be known to start with one of `prefix` and
 * end with one of `suffix` (`\s+` starts and ends with a space character), so that literals
 * written next to it can be extended across it (`rm` and `\s+` give `rm `).
 */
type Info = { exact: Set<string> } | { req: Requirement; prefix?: Set<string>; suffix?: Set<string> };

/**
 * Stands for a word boundary (`\b`) inside extracted strings. Kept only at the ends of a literal,
 * next to a word character: `\brm\s` gives BOUNDARY + `rm ` (an `rm ` not preceded by a letter).
 */
export const BOUNDARY = '\u0001';

/**
 * Literals are found in a view of the text where every run of whitespace (RE2's `\s`: space,
 * tab, newline, form feed, carriage return) reads as one space, so `\s+` between two words is a
 * single space of one literal (`ask\s+them\s+to` gives `ask them to`) and `\s*` is a space or
 * nothing.
 */
export const isSpaceUnit = (c: number) => c === 32 || c === 9 || c === 10 || c === 12 || c === 13;
const SPACE = new Set([' ']);
const SPACE_OR_NOTHING = new Set(['', ' ']);

const EMPTY: Info = { exact: new Set(['']) };
const ANY: Info = { req: null };

class Parser {
  private pos = 0;
  constructor(
    private readonly src: string,
    private foldCase: boolean,
  ) {}

  parse(): Info {
    const info = this.alternation();
    if (this.pos < this.src.length) throw new Error(`unexpected "${this.src[this.pos]}" at ${this.pos}`);
    return info;
  }

  private alternation(): Info {
    let info = this.concatenation();
    while (this.src[this.pos] === '|') {
      this.pos++;
      info = alternate(info, this.concatenation());
    }
    return info;
  }

  /**
   * Consecutive exact pieces are multiplied out into one run (`curl` from c, u, r, l), so a long
   * literal after a class (`[a-z]+\.example\.net`) is still found whole.
   */
  private concatenation(): Info {
    // `run`: exact strings the text so far ends with (null: unknown); `prefix`: what it starts with.
    let run: Set<string> | null = new Set(['']);
    let prefix: Set<string> | null | undefined;
    let req: Requirement = null;
    let exact = true;
    const extend = (strings: Set<string>): boolean => {
      if (!run || run.size * strings.size > MAX_EXACT) return false;
      run = product(run, strings);
      return true;
    };
    const flush = () => {
      if (prefix === undefined) prefix = run;
      if (run) req = and(req, requirementOf({ exact: run }));
      run = null;
    };
    while (this.pos < this.src.length && this.src[this.pos] !== '|' && this.src[this.pos] !== ')') {
      const atom = this.repeat(this.atom());
      if ('exact' in atom) {
        if (!extend(atom.exact)) {
          flush();
          exact = false;
          run = atom.exact;
        }
        continue;
      }
      exact = false;
      if (atom.prefix && !extend(atom.prefix)) {
        flush();
        run = atom.prefix;
      }
      if (!atom.prefix && prefix === undefined) {
        prefix = null;
        if (run) req = and(req, requirementOf({ exact: run }));
        run = null;
      }
      flush();
      req = and(req, atom.req);
      run = atom.suffix ?? null;
    }
    if (exact && run) return { exact: run };
    const suffix = run;
    flush();
    const out: Info = { req };
    if (prefix) out.prefix = prefix;
    if (suffix) out.suffix = suffix;
    return out;
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
      atom = repeated(atom, min, max);
    }
  }

  private atom(): Info {
    const c = this.src[this.pos]!;
    if (c === '(') return this.group();
    if (c === '[') return this.charClass();
    if (c === '\\') return this.escape();
    this.pos++;
    if (c === '.') return ANY;
    if (c === '^' || c === '$') return EMPTY;
    // A surrogate pair is one character.
    const code = c.charCodeAt(0);
    if (code >= 0xd800 && code < 0xdc00 && this.pos < this.src.length) return this.literal(c + this.src[this.pos++]);
    return this.literal(c);
  }

  private literal(text: string): Info {
    if (text.length === 1 && isSpaceUnit(text.charCodeAt(0))) return { exact: SPACE };
    // Case-sensitive text keeps its case; the literal set checks it when the pattern asks.
    const folded = this.foldCase ? fold(text) : text;
    // A character whose folded form has another length (İ) cannot be found one unit at a time.
    return folded.length === text.length ? { exact: new Set([folded]) } : ANY;
  }

  private group(): Info {
    this.pos++;
    if (this.src.startsWith('?', this.pos)) {
      const flags = /^\?([imsU-]*)(\)|:)/.exec(this.src.slice(this.pos, this.pos + 12));
      if (flags) {
        this.pos += flags[0].length;
        const on = flags[1]!.split('-')[0]!;
        const off = flags[1]!.split('-')[1] ?? '';
        const next = on.includes('i') ? true : off.includes('i') ? false : this.foldCase;
        if (flags[2] === ')') {
          this.foldCase = next;
          return EMPTY;
        }
        const saved = this.foldCase;
        this.foldCase = next;
        const inner = this.alternation();
        this.foldCase = saved;
        this.expect(')');
        return inner;
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

  /** A class becomes a small set of alternatives, or "any character" when it is large or negated. */
  private charClass(): Info {
    this.pos++;
    const negated = this.src[this.pos] === '^';
    if (negated) this.pos++;
    const chars = new Set<string>();
    let large = negated;
    let first = true;
    while (this.pos < this.src.length && (this.src[this.pos] !== ']' || first)) {
      first = false;
      if (this.src.startsWith('[:', this.pos)) {
        const end = this.src.indexOf(':]', this.pos + 2);
        if (end === -1) throw new Error('unterminated POSIX class');
        this.pos = end + 2;
        large = true;
        continue;
      }
      const low = this.classChar();
      if (low === null) {
        large = true;
        continue;
      }
      if (this.src[this.pos] === '-' && this.src[this.pos + 1] !== ']' && this.pos + 1 < this.src.length) {
        this.pos++;
        const high = this.classChar();
        if (high === null) throw new Error('bad class range');
        const from = low.codePointAt(0)!;
        const to = high.codePointAt(0)!;
        if (to - from > MAX_CLASS * 2) large = true;
        else for (let code = from; code <= to; code++) chars.add(String.fromCodePoint(code));
        continue;
      }
      chars.add(low);
    }
    this.expect(']');
    if (large) return ANY;
    const folded = new Set([...chars].map((ch) => (isSpaceUnit(ch.charCodeAt(0)) ? ' ' : this.foldCase ? fold(ch) : ch)));
    return folded.size <= MAX_CLASS ? { exact: folded } : ANY;
  }

  /** One character of a class; null for a class escape such as `\s` or `\w`. */
  private classChar(): string | null {
    const c = this.src[this.pos]!;
    if (c !== '\\') {
      this.pos++;
      const code = c.charCodeAt(0);
      if (code >= 0xd800 && code < 0xdc00 && this.pos < this.src.length) return c + this.src[this.pos++];
      return c;
    }
    const escaped = this.escapedChar();
    return escaped;
  }

  private escape(): Info {
    const next = this.src[this.pos + 1];
    if (next === 's') {
      this.pos += 2;
      return { exact: SPACE };
    }
    if (next === 'b') {
      this.pos += 2;
      return { exact: new Set([BOUNDARY]) };
    }
    if (next === 'B' || next === 'A' || next === 'z') {
      this.pos += 2;
      return EMPTY;
    }
    if (next === 'Q') {
      const end = this.src.indexOf('\\E', this.pos + 2);
      const text = this.src.slice(this.pos + 2, end === -1 ? undefined : end);
      this.pos = end === -1 ? this.src.length : end + 2;
      return text === '' ? EMPTY : this.literal(text);
    }
    const ch = this.escapedChar();
    return ch === null ? ANY : this.literal(ch);
  }

  /** The character an escape stands for, or null for a class (`\d`, `\s`, `\w`, `\pL` …). */
  private escapedChar(): string | null {
    const next = this.src[this.pos + 1];
    if (next === undefined) throw new Error('trailing backslash');
    if ('dDsSwW'.includes(next)) {
      this.pos += 2;
      return null;
    }
    if (next === 'p' || next === 'P') {
      this.pos += 2;
      if (this.src[this.pos] === '{') this.pos = this.src.indexOf('}', this.pos) + 1;
      else this.pos++;
      return null;
    }
    if (next === 'x') {
      if (this.src[this.pos + 2] === '{') {
        const end = this.src.indexOf('}', this.pos);
        const code = parseInt(this.src.slice(this.pos + 3, end), 16);
        this.pos = end + 1;
        return String.fromCodePoint(code);
      }
      const code = parseInt(this.src.slice(this.pos + 2, this.pos + 4), 16);
      this.pos += 4;
      return String.fromCharCode(code);
    }
    this.pos += 2;
    const controls: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07' };
    return controls[next] ?? next;
  }
}

/** Case folding as RE2 does it, for the characters where lower-casing alone differs (ſ, K, …). */
export function fold(text: string): string {
  const lower = text.toLowerCase();
  const round = text.toUpperCase().toLowerCase();
  return round.length === lower.length ? round : lower;
}

function product(a: Set<string>, b: Set<string>): Set<string> {
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x.endsWith(' ') && y.startsWith(' ') ? x + y.slice(1) : x + y);
  return out;
}

function alternate(a: Info, b: Info): Info {
  if ('exact' in a && 'exact' in b && a.exact.size + b.exact.size <= MAX_EXACT) return { exact: new Set([...a.exact, ...b.exact]) };
  const out: Info = { req: or(requirementOf(a), requirementOf(b)) };
  const ends = (x: Info, side: 'prefix' | 'suffix') => ('exact' in x ? x.exact : x[side]);
  for (const side of ['prefix', 'suffix'] as const) {
    const x = ends(a, side);
    const y = ends(b, side);
    if (x && y && x.size + y.size <= MAX_EXACT) out[side] = new Set([...x, ...y]);
  }
  return out;
}

function repeated(atom: Info, min: number, max: number): Info {
  // Any run of whitespace is one space in the literal view.
  if ('exact' in atom && atom.exact.size === 1 && atom.exact.has(' ')) return { exact: min === 0 ? SPACE_OR_NOTHING : SPACE };
  if (min === 0) {
    if (max === 1 && 'exact' in atom && atom.exact.size < MAX_EXACT) return { exact: new Set([...atom.exact, '']) };
    return ANY;
  }
  if (min === 1 && max === 1) return atom;
  // One or more: the first repetition starts the match and the last ends it.
  if ('exact' in atom) return { req: requirementOf(atom), prefix: atom.exact, suffix: atom.exact };
  return atom;
}

/** Exact strings as a requirement: one of them must occur, if all are long enough to be worth it. */
function requirementOf(info: Info): Requirement {
  if ('req' in info) return info.req;
  const strings = [...info.exact].map(normalised);
  if (strings.length === 0 || strings.some((s) => weight(s) < MIN_LITERAL)) return null;
  return [minimalSet(strings)];
}

const isWordChar = (ch: string | undefined) => ch !== undefined && /^[A-Za-z0-9_]$/.test(ch);

/**
 * A literal as the literal view reads it: whitespace runs as one space, and boundary markers only
 * at its ends, beside a word character.
 */
function normalised(s: string): string {
  const core = s.split(BOUNDARY).join('').replace(/[ \t\n\f\r]+/g, ' ');
  if (!s.includes(BOUNDARY)) return core;
  const before = s.startsWith(BOUNDARY) && isWordChar(core[0]);
  const after = s.endsWith(BOUNDARY) && isWordChar(core[core.length - 1]);
  return (before ? BOUNDARY : '') + core + (after ? BOUNDARY : '');
}

/**
 * How selective a literal is: its length, with punctuation (rare in prose: `|`, `$`, `<`) and
 * characters outside ASCII (a CJK word is two or three of them) counting double.
 */
function weight(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const alnum = (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
    n += alnum || c <= 32 ? 1 : 2;
  }
  return n;
}

/** Drops strings that contain another string of the set: finding the shorter one is enough. */
function minimalSet(strings: string[]): string[] {
  const sorted = [...new Set(strings)].sort((x, y) => x.length - y.length);
  const kept: string[] = [];
  for (const s of sorted) if (!kept.some((k) => s.includes(k))) kept.push(s);
  return kept;
}

function and(a: Requirement, b: Requirement): Requirement {
  if (a === null) return b;
  if (b === null) return a;
  return [...a, ...b];
}

/** `(A1 ∧ A2 …) ∨ (B1 ∧ …)` implies `(Ai ∨ Bj)` for any i, j: the most selective of each side is kept. */
function or(a: Requirement, b: Requirement): Requirement {
  if (a === null || b === null) return null;
  if (a.length * b.length <= MAX_CONJUNCTS) return a.flatMap((x) => b.map((y) => minimalSet([...x, ...y])));
  return [minimalSet([...best(a), ...best(b)])];
}

/** The disjunction least likely to occur by chance: fewest alternatives, then longest shortest literal. */
function best(req: string[][]): string[] {
  let pick = req[0]!;
  for (const set of req) if (score(set) > score(pick)) pick = set;
  return pick;
}

function score(set: string[]): number {
  const shortest = Math.min(...set.map(weight));
  return Math.min(shortest, 8) * 4 - Math.log2(set.length);
}

/**
 * The literals an RE2 pattern requires: lower-cased where the pattern ignores case, with
 * BOUNDARY at an end that must sit at a word boundary. `caseInsensitive` is the flag the pattern is
 * compiled with; `(?i)` inside the pattern is honoured too. Throws on syntax it does not know, so
 * a rule the extractor cannot read is noticed when the pack is compiled.
 */
export function requiredLiterals(pattern: string, caseInsensitive: boolean): Requirement {
  const req = requirementOf(new Parser(pattern, caseInsensitive).parse());
  if (req === null) return null;
  // Keep the conjunction short: the most selective sets say nearly all there is to say.
  const unique = new Map(req.map((set) => [set.join('\u0000'), set]));
  return [...unique.values()].sort((x, y) => score(y) - score(x)).slice(0, MAX_CONJUNCTS);
}
