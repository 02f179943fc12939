import { BOUNDARY, fold, isSpaceUnit } from './literals.js';

/** One literal to look for. */
export interface Literal {
  /** The text, with BOUNDARY at an end that must sit at a word boundary. */
  text: string;
  /** Match the case as written; otherwise case is ignored. */
  exactCase: boolean;
}

/** Longer than any literal the pack extracts (they are checked against it). */
const RING_SIZE = 1024;
const RING_MASK = RING_SIZE - 1;

const isWordUnit = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/**
 * An Aho-Corasick automaton over many literals, matched case-insensitively in one pass: the
 * literal prefilter of the rule pack. Built as a full transition table (a DFA), so each character
 * of the text costs one table lookup whatever the number of literals; the text is never copied or
 * lower-cased, case is folded by the character-class table, and a run of whitespace is read as
 * one space (see literals.ts). A literal that must sit at a word boundary, or match case exactly,
 * is checked where the automaton finds it.
 */
export class LiteralSet {
  /** Literal id of each literal, in the order given. */
  readonly size: number;
  /** UTF-16 code unit to character class; 0 for units that occur in no literal. */
  private readonly classOf: Uint16Array;
  private readonly classes: number;
  private readonly delta: Int32Array;
  /** Per state: start and end of its outputs (literal ids, suffix links followed) in `outputs`. */
  private readonly outStart: Int32Array;
  private readonly outputs: Int32Array;
  private readonly stamp: Uint32Array;
  /** Per state: 1 when every output needs a check where it is found. */
  private readonly conditional: Uint8Array;
  /** Per literal: the core (markers removed), and what must hold around it. */
  private readonly core: string[];
  private readonly before: Uint8Array;
  private readonly after: Uint8Array;
  private readonly exactCase: Uint8Array;
  private scanId = 0;
  /** Text offsets of the last RING_SIZE characters of the whitespace-collapsed view. */
  private readonly starts = new Int32Array(RING_SIZE);

  constructor(given: readonly Literal[]) {
    this.size = given.length;
    this.core = given.map((l) => l.text.split(BOUNDARY).join(''));
    this.before = Uint8Array.from(given, (l) => (l.text.startsWith(BOUNDARY) ? 1 : 0));
    this.after = Uint8Array.from(given, (l) => (l.text.length > 1 && l.text.endsWith(BOUNDARY) ? 1 : 0));
    this.exactCase = Uint8Array.from(given, (l) => (l.exactCase ? 1 : 0));
    if (this.core.some((c) => c.length >= RING_SIZE)) throw new Error(`literal set: a literal is longer than ${RING_SIZE - 1} characters`);
    const literals = this.core.map(fold);
    // Character classes: one per distinct (folded) code unit of the literals.
    const alphabet = new Map<number, number>();
    for (const literal of literals) for (let i = 0; i < literal.length; i++) if (!alphabet.has(literal.charCodeAt(i))) alphabet.set(literal.charCodeAt(i), alphabet.size + 1);
    this.classes = alphabet.size + 1;
    this.classOf = new Uint16Array(65536);
    for (let unit = 0; unit < 65536; unit++) {
      const ch = String.fromCharCode(unit);
      const folded = fold(ch);
      const cls = isSpaceUnit(unit) ? (alphabet.get(32) ?? 0) : ((folded.length === 1 ? alphabet.get(folded.charCodeAt(0)) : undefined) ?? alphabet.get(unit) ?? 0);
      this.classOf[unit] = cls;
    }

    // The trie.
    const children: Map<number, number>[] = [new Map()];
    const ends: number[][] = [[]];
    for (const [id, literal] of literals.entries()) {
      let state = 0;
      for (let i = 0; i < literal.length; i++) {
        const cls = alphabet.get(literal.charCodeAt(i))!;
        let next = children[state]!.get(cls);
        if (next === undefined) {
          next = children.length;
          children.push(new Map());
          ends.push([]);
          children[state]!.set(cls, next);
        }
        state = next;
      }
      ends[state]!.push(id);
    }

    // Breadth-first: failure links, full transitions, and outputs closed over failure links.
    const states = children.length;
    const K = this.classes;
    this.delta = new Int32Array(states * K);
    const fail = new Int32Array(states);
    const outs: number[][] = ends.map((e) => [...e]);
    const queue: number[] = [];
    for (let cls = 0; cls < K; cls++) {
      const next = children[0]!.get(cls);
      if (next !== undefined) {
        this.delta[cls] = next;
        fail[next] = 0;
        queue.push(next);
      }
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      outs[state]!.push(...outs[fail[state]!]!);
      for (let cls = 0; cls < K; cls++) {
        const next = children[state]!.get(cls);
        if (next !== undefined) {
          fail[next] = this.delta[fail[state]! * K + cls]!;
          this.delta[state * K + cls] = next;
          queue.push(next);
        } else {
          this.delta[state * K + cls] = this.delta[fail[state]! * K + cls]!;
        }
      }
    }
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
  }

  /** Marks in `seen` (one byte per literal, cleared by the caller) every literal that occurs in `text`. Linear in the text. */
  scan(text: string, seen: Uint8Array): void {
    const { classOf, delta, outStart, outputs, stamp, conditional, starts } = this;
    const K = this.classes;
    // A state's outputs are marked once per scan, however often it is reached.
    const id = ++this.scanId === 0xffffffff ? this.reset() : this.scanId;
    let state = 0;
    let view = 0;
    let space = false;
    for (let i = 0, n = text.length; i < n; i++) {
      const unit = text.charCodeAt(i);
      if (isSpaceUnit(unit)) {
        if (space) continue;
        space = true;
      } else space = false;
      // Where each character of the view starts in the text, for the checks below.
      starts[view++ & RING_MASK] = i;
      state = delta[state * K + classOf[unit]!]!;
      const from = outStart[state]!;
      const to = outStart[state + 1]!;
      if (from === to || stamp[state] === id) continue;
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

  /** Characters of a literal, markers left out. */
  lengthOf(literal: number): number {
    return this.core[literal]!.length;
  }

  private reset(): number {
    this.stamp.fill(0);
    this.scanId = 1;
    return 1;
  }
}
