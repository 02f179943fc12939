import { BOUNDARY, fold, isSpaceUnit } from './literals.js';
import { parseRunToken, RUN } from './regex-shape.js';

/** One literal to look for. */
export interface Literal {
  /** The text, with BOUNDARY at an end that must sit at a word boundary. */
  text: string;
  /** Match the case as written; otherwise case is ignored. */
  exactCase: boolean;
}

/**
 * Literals this short are not logged: they occur every few characters of prose (`t`, `.`, `it`),
 * so their positions would fill the log while narrowing no search. They still count as seen.
 */
const MAX_UNLOGGED_LENGTH = 2;

/** Longer than any literal the pack extracts (they are checked against it). */
const RING_SIZE = 1024;
const RING_MASK = RING_SIZE - 1;

const isWordUnit = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/**
 * Where the literals of one scan were found: one entry per position where the automaton reached a
 * state with outputs (the state and the span of its longest output), and one per run long enough
 * to count. Bounded: past `MAX_LOG_ENTRIES` it only says it overflowed, and the engine falls back
 * to reading the whole text.
 */
export class HitLog {
  data = new Int32Array(3 * 256);
  length = 0;
  overflow = false;

  push(state: number, start: number, end: number): void {
    if (this.length + 3 > this.data.length) {
      if (this.data.length >= 3 * MAX_LOG_ENTRIES) {
        this.overflow = true;
        return;
      }
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = state;
    this.data[this.length++] = start;
    this.data[this.length++] = end;
  }
}

/** Positions recorded per scan, at most; a text with more hits than this is read whole. */
const MAX_LOG_ENTRIES = 1 << 18;

/**
 * Every occurrence of every literal, grouped by literal: `spans[2k]`, `spans[2k + 1]` (first and
 * last offset, inclusive) for k from `first[id]` to `first[id + 1]`. Spans may be wider than the
 * literal (the longest output ending there) and conditions (boundaries, case) are not checked:
 * a superset, which is what the windows built from it need.
 */
export interface Occurrences {
  first: Int32Array;
  spans: Int32Array;
}

/**
 * An Aho-Corasick automaton over many literals, matched case-insensitively in one pass: the
 * literal prefilter of the rule pack. Built as a full transition table (a DFA), so each character
 * of the text costs one table lookup whatever the number of literals; the text is never copied or
 * lower-cased, case is folded by the character-class table, and a run of whitespace is read as
 * one space (see literals.ts). A literal that must sit at a word boundary, or match case exactly,
 * is checked where the automaton finds it.
 *
 * The table is split by the characters' classes: rows over the ASCII classes (the ones prose hits
 * on every character) are narrow, so the states ordinary text visits stay in the CPU cache, and
 * the classes beyond ASCII live in a second table read only for such characters. State numbers
 * fit in 16 bits while the pack has fewer than 65,536 states.
 *
 * The same pass finds runs (see regex-shape.ts): for each run class one bit per code unit, so
 * tracking every class costs a lookup and a compare per character.
 */
export class LiteralSet {
  /** Literal id of each literal, in the order given. */
  readonly size: number;
  /** UTF-16 code unit to character class; 0 for units that occur in no literal. */
  private readonly classOf: Uint16Array;
  /** Classes below this come from ASCII and index `deltaAscii`; the rest index `deltaOther`. */
  private readonly asciiClasses: number;
  private readonly otherClasses: number;
  private readonly deltaAscii: Uint16Array | Int32Array;
  private readonly deltaOther: Uint16Array | Int32Array;
  /** Per state: length of its longest output (its depth in the trie). */
  private readonly depth: Uint16Array;
  /** Per state: start and end of its outputs (literal ids, suffix links followed) in `outputs`. */
  private readonly outStart: Int32Array;
  private readonly outputs: Int32Array;
  private readonly stamp: Uint32Array;
  /** Per state: 1 when every output needs a check where it is found. */
  private readonly conditional: Uint8Array;
  /** Per literal: 1 when its positions are logged; per state: 1 when one of its outputs is. */
  private readonly loggedLiteral: Uint8Array;
  private readonly loggedState: Uint8Array;
  /** Per literal: the core (markers removed), and what must hold around it. */
  private readonly core: string[];
  private readonly before: Uint8Array;
  private readonly after: Uint8Array;
  private readonly exactCase: Uint8Array;
  /** Per code unit: bit j set when the unit belongs to run class j. */
  private readonly runBits: Int32Array;
  /** Per run class: the shortest run any of its literals needs, and those literals (with their lengths). */
  private readonly runNeed: number[] = [];
  private readonly runLiterals: { id: number; length: number }[][] = [];
  /** Run literals whose class did not fit in the bit mask: always taken as present. */
  private readonly alwaysSeen: number[] = [];
  private readonly runStart = new Int32Array(32);
  private scanId = 0;
  /** Text offsets of the last RING_SIZE characters of the whitespace-collapsed view. */
  private readonly starts = new Int32Array(RING_SIZE);

  constructor(given: readonly Literal[]) {
    this.size = given.length;
    this.core = given.map((l) => (l.text.startsWith(RUN) ? '' : l.text.split(BOUNDARY).join('')));
    this.before = Uint8Array.from(given, (l) => (l.text.startsWith(BOUNDARY) ? 1 : 0));
    this.after = Uint8Array.from(given, (l) => (l.text.length > 1 && l.text.endsWith(BOUNDARY) ? 1 : 0));
    this.exactCase = Uint8Array.from(given, (l) => (l.exactCase ? 1 : 0));
    if (this.core.some((c) => c.length >= RING_SIZE)) throw new Error(`literal set: a literal is longer than ${RING_SIZE - 1} characters`);
    const literals = this.core.map(fold);
    const isRun = given.map((l) => l.text.startsWith(RUN));

    // Run classes, by their characters and folding.
    const runClassOf = new Map<string, number>();
    const runClasses: { chars: Set<number>; fold: boolean }[] = [];
    for (const [id, l] of given.entries()) {
      const run = isRun[id] ? parseRunToken(l.text) : null;
      if (!run) continue;
      const key = `${run.fold}:${run.chars.join(',')}`;
      let j = runClassOf.get(key);
      if (j === undefined) {
        if (runClasses.length >= 31) {
          this.alwaysSeen.push(id);
          continue;
        }
        j = runClasses.length;
        runClassOf.set(key, j);
        runClasses.push({ chars: new Set(run.chars), fold: run.fold });
        this.runNeed.push(Infinity);
        this.runLiterals.push([]);
      }
      this.runNeed[j] = Math.min(this.runNeed[j]!, run.length);
      this.runLiterals[j]!.push({ id, length: run.length });
    }

    // Character classes: one per distinct (folded) code unit of the literals, ASCII ones first.
    const units = new Set<number>();
    for (const [id, literal] of literals.entries()) if (!isRun[id]) for (let i = 0; i < literal.length; i++) units.add(literal.charCodeAt(i));
    const ordered = [...units].sort((a, b) => (a < 128 ? 0 : 1) - (b < 128 ? 0 : 1) || a - b);
    const alphabet = new Map<number, number>(ordered.map((unit, i) => [unit, i + 1]));
    const classes = alphabet.size + 1;
    this.asciiClasses = 1 + ordered.filter((u) => u < 128).length;
    this.otherClasses = classes - this.asciiClasses;
    this.classOf = new Uint16Array(65536);
    this.runBits = new Int32Array(65536);
    for (let unit = 0; unit < 65536; unit++) {
      const ch = String.fromCharCode(unit);
      const folded = fold(ch);
      const cls = isSpaceUnit(unit) ? (alphabet.get(32) ?? 0) : ((folded.length === 1 ? alphabet.get(folded.charCodeAt(0)) : undefined) ?? alphabet.get(unit) ?? 0);
      this.classOf[unit] = cls;
      let bits = 0;
      for (const [j, rc] of runClasses.entries()) {
        // Folding is RE2's: ſ and K (Kelvin) match s and k when case is ignored.
        if (rc.chars.has(unit) || (rc.fold && folded.length === 1 && rc.chars.has(folded.charCodeAt(0)))) bits |= 1 << j;
      }
      this.runBits[unit] = bits;
    }

    // The trie.
    const children: Map<number, number>[] = [new Map()];
    const ends: number[][] = [[]];
    const depths: number[] = [0];
    for (const [id, literal] of literals.entries()) {
      if (isRun[id]) continue;
      let state = 0;
      for (let i = 0; i < literal.length; i++) {
        const cls = alphabet.get(literal.charCodeAt(i))!;
        let next = children[state]!.get(cls);
        if (next === undefined) {
          next = children.length;
          children.push(new Map());
          ends.push([]);
          depths.push(i + 1);
          children[state]!.set(cls, next);
        }
        state = next;
      }
      ends[state]!.push(id);
    }

    // Breadth-first: failure links, full transitions, and outputs closed over failure links.
    const states = children.length;
    const full = new Int32Array(states * classes);
    const fail = new Int32Array(states);
    const outs: number[][] = ends.map((e) => [...e]);
    const queue: number[] = [];
    for (let cls = 0; cls < classes; cls++) {
      const next = children[0]!.get(cls);
      if (next !== undefined) {
        full[cls] = next;
        fail[next] = 0;
        queue.push(next);
      }
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      outs[state]!.push(...outs[fail[state]!]!);
      for (let cls = 0; cls < classes; cls++) {
        const next = children[state]!.get(cls);
        if (next !== undefined) {
          fail[next] = full[fail[state]! * classes + cls]!;
          full[state * classes + cls] = next;
          queue.push(next);
        } else {
          full[state * classes + cls] = full[fail[state]! * classes + cls]!;
        }
      }
    }
    const table = (n: number) => (states <= 0xffff ? new Uint16Array(n) : new Int32Array(n));
    this.deltaAscii = table(states * this.asciiClasses);
    this.deltaOther = table(states * Math.max(1, this.otherClasses));
    for (let s = 0; s < states; s++) {
      for (let cls = 0; cls < this.asciiClasses; cls++) this.deltaAscii[s * this.asciiClasses + cls] = full[s * classes + cls]!;
      for (let cls = 0; cls < this.otherClasses; cls++) this.deltaOther[s * this.otherClasses + cls] = full[s * classes + this.asciiClasses + cls]!;
    }
    this.depth = Uint16Array.from(depths);
    this.outStart = new Int32Array(states + 1);
    let total = 0;
    for (let s = 0; s < states; s++) {
      this.outStart[s] = total;
      total += outs[s]!.length;
    }
    this.outStart[states] = total;
    this.outputs = new Int32Array(total);
    for (let s = 0; s < states; s++) this.outputs.set(outs[s]!, this.outStart[s]!);
    this.stamp = new Uint32Array(states);
    this.conditional = Uint8Array.from(outs, (o) => (o.some((id) => this.before[id] || this.after[id] || this.exactCase[id]) ? 1 : 0));
    this.loggedLiteral = Uint8Array.from(given, (_, id) => (isRun[id] || this.core[id]!.length > MAX_UNLOGGED_LENGTH ? 1 : 0));
    for (const id of this.alwaysSeen) this.loggedLiteral[id] = 0;
    this.loggedState = Uint8Array.from(outs, (o) => (o.some((id) => this.loggedLiteral[id] === 1) ? 1 : 0));
  }

  /**
   * Marks in `seen` (one byte per literal, cleared by the caller) every literal that occurs in
   * `text`, and records in `log`, when given, where. Linear in the text.
   */
  scan(text: string, seen: Uint8Array, log?: HitLog): void {
    const { classOf, deltaAscii, deltaOther, depth, outStart, outputs, stamp, conditional, starts, runBits, runStart, loggedState } = this;
    const KA = this.asciiClasses;
    const KO = this.otherClasses;
    for (const id of this.alwaysSeen) seen[id] = 1;
    // A state's outputs are marked once per scan, however often it is reached.
    const id = ++this.scanId === 0xffffffff ? this.reset() : this.scanId;
    let state = 0;
    let view = 0;
    let space = false;
    // Run classes the current character continues.
    let alive = 0;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const unit = text.charCodeAt(i);
      const bits = runBits[unit]!;
      if (bits !== alive) {
        const ended = alive & ~bits;
        if (ended !== 0) this.endRuns(ended, i, seen, log);
        for (let begun = bits & ~alive; begun !== 0; begun &= begun - 1) runStart[31 - Math.clz32(begun & -begun)] = i;
        alive = bits;
      }
      if (isSpaceUnit(unit)) {
        if (space) continue;
        space = true;
      } else space = false;
      // Where each character of the view starts in the text, for the checks below.
      starts[view++ & RING_MASK] = i;
      const cls = classOf[unit]!;
      // A character of no literal leads back to the root from every state.
      if (cls === 0) {
        state = 0;
        continue;
      }
      state = cls < KA ? deltaAscii[state * KA + cls]! : deltaOther[state * KO + cls - KA]!;
      const from = outStart[state]!;
      const to = outStart[state + 1]!;
      if (from === to) continue;
      if (log !== undefined && loggedState[state] === 1) log.push(state, starts[(view - depth[state]!) & RING_MASK]!, i);
      if (stamp[state] === id) continue;
      if (conditional[state] === 0) {
        stamp[state] = id;
        for (let o = from; o < to; o++) seen[outputs[o]!] = 1;
        continue;
      }
      let open = false;
      for (let o = from; o < to; o++) {
        const literal = outputs[o]!;
        if (seen[literal] === 1) continue;
        if (this.holdsAt(literal, text, view - 1, i)) seen[literal] = 1;
        else open = true;
      }
      // Once every output has been seen, the state needs no more checks in this text.
      if (!open) stamp[state] = id;
    }
    if (alive !== 0) this.endRuns(alive, n, seen, log);
  }

  /** Runs of the classes in `ended` stop before offset `end`: those long enough count. */
  private endRuns(ended: number, end: number, seen: Uint8Array, log: HitLog | undefined): void {
    for (let m = ended; m !== 0; m &= m - 1) {
      const j = 31 - Math.clz32(m & -m);
      const length = end - this.runStart[j]!;
      if (length < this.runNeed[j]!) continue;
      for (const run of this.runLiterals[j]!) if (run.length <= length) seen[run.id] = 1;
      // Runs are logged as negative states: -1 - class.
      log?.push(-1 - j, this.runStart[j]!, end - 1);
    }
  }

  /** Whether the occurrences of a literal are recorded (not those of the shortest literals, nor of run classes past the bit mask's). */
  logged(literal: number): boolean {
    return this.loggedLiteral[literal] === 1;
  }

  /** Every occurrence recorded in `log`, grouped by literal. */
  occurrences(log: HitLog): Occurrences {
    const { outStart, outputs, loggedLiteral } = this;
    const first = new Int32Array(this.size + 1);
    const data = log.data;
    // Two passes over the log: count per literal, then place each occurrence.
    for (let e = 0; e < log.length; e += 3) {
      const state = data[e]!;
      if (state >= 0) {
        for (let o = outStart[state]!; o < outStart[state + 1]!; o++) if (loggedLiteral[outputs[o]!] === 1) first[outputs[o]! + 1]!++;
      } else {
        const length = data[e + 2]! - data[e + 1]! + 1;
        for (const run of this.runLiterals[-1 - state]!) if (run.length <= length) first[run.id + 1]!++;
      }
    }
    for (let l = 0; l < this.size; l++) first[l + 1]! += first[l]!;
    const spans = new Int32Array(2 * first[this.size]!);
    // `first[l]` is advanced while placing and put back after.
    for (let e = 0; e < log.length; e += 3) {
      const state = data[e]!;
      const start = data[e + 1]!;
      const end = data[e + 2]!;
      if (state >= 0) {
        for (let o = outStart[state]!; o < outStart[state + 1]!; o++) {
          if (loggedLiteral[outputs[o]!] === 0) continue;
          const at = 2 * first[outputs[o]!]!++;
          spans[at] = start;
          spans[at + 1] = end;
        }
      } else {
        for (const run of this.runLiterals[-1 - state]!) {
          if (run.length > end - start + 1) continue;
          const at = 2 * first[run.id]!++;
          spans[at] = start;
          spans[at + 1] = end;
        }
      }
    }
    for (let l = this.size; l > 0; l--) first[l] = first[l - 1]!;
    first[0] = 0;
    return { first, spans };
  }

  /** The literal ending at view position `viewLast` (text offset `last`) meets its boundary and case conditions. */
  private holdsAt(literal: number, text: string, viewLast: number, last: number): boolean {
    const core = this.core[literal]!;
    const start = this.starts[(viewLast - core.length + 1) & RING_MASK]!;
    if (this.before[literal] === 1 && start > 0 && isWordUnit(text.charCodeAt(start - 1))) return false;
    if (this.after[literal] === 1 && last + 1 < text.length && isWordUnit(text.charCodeAt(last + 1))) return false;
    if (this.exactCase[literal] === 1) {
      for (let j = 0, k = start; j < core.length; j++, k++) {
        if (core.charCodeAt(j) === 32) {
          while (k + 1 < text.length && isSpaceUnit(text.charCodeAt(k + 1))) k++;
        } else if (text.charCodeAt(k) !== core.charCodeAt(j)) return false;
      }
    }
    return true;
  }

  /** Characters of a literal, markers left out (0 for a run). */
  lengthOf(literal: number): number {
    return this.core[literal]!.length;
  }

  private reset(): number {
    this.stamp.fill(0);
    this.scanId = 1;
    return 1;
  }
}

