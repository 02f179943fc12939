import { CHECKS } from '../checks/registry.js';
import type { MatchContext } from '../checks/types.js';
import { MAX_CANDIDATES_PER_RULE_PER_FILE } from '../limits.js';
import { documented } from '../context/lowering.js';
import { HitLog, type Occurrences } from './aho-corasick.js';
import { CodeRegions } from './code-regions.js';
import { pack } from './compile.js';
import type { Deadline } from './deadline.js';
import { LineIndex } from './lines.js';
import { blocks, type Segment } from './segments.js';
import { ContentLines, lineWindows, windowText, type LineWindows } from './windows.js';
import type { CompiledPattern, CompiledRule, Hit, Searchable, SkillView, TextFileView } from './types.js';

/** Characters of the match's line(s) kept on each side for exclusions and confirm checks. */
const CONTEXT_REACH = 300;

/** One file's text with what every rule shares: line index and blocks, made on first use. */
class FileText {
  private lineIndex: LineIndex | null = null;
  private blockList: Segment[] | null = null;
  private code: CodeRegions | null = null;

  constructor(readonly file: TextFileView) {}

  get lines(): LineIndex {
    this.lineIndex ??= new LineIndex(this.file.text);
    return this.lineIndex;
  }

  private longest: number | null = null;

  /** No line is so long that locating matches line by line would not pay. */
  get shortLines(): boolean {
    if (this.longest === null) {
      let longest = 0;
      for (let line = 1; line <= this.lines.lineCount; line++) longest = Math.max(longest, this.lines.lineEnd(line) - this.lines.lineStart(line));
      this.longest = longest;
    }
    return this.longest <= MAX_LOCATED_LINE;
  }

  blocks(): Segment[] {
    this.blockList ??= blocks(this.file.text, this.lines);
    return this.blockList;
  }

  inCode(offset: number): boolean {
    this.code ??= new CodeRegions(this.file.path, this.file.text, this.lines);
    return this.code.contains(offset);
  }

  private readonly windowCache = new Map<Searchable, LineWindows | null>();

  /**
   * The lines that can hold a match of `pattern` in one piece: the lines of its anchors (see
   * LiteralHits.anchors), `reach` lines either side. Null when not known, or when they would cover
   * most of the file (reading it whole is then as cheap).
   */
  windows(pattern: Searchable, reach: number): LineWindows | null {
    if (!Number.isFinite(reach)) return null;
    const key = reach === 0 ? pattern : null;
    if (key && this.windowCache.has(key)) return this.windowCache.get(key)!;
    const anchors = this.hits?.anchors(pattern) ?? null;
    const windows = anchors ? lineWindows(anchors, this.lines, this.blankLines, this.file.text.length, reach) : null;
    if (key) this.windowCache.set(key, windows);
    return windows;
  }

  hits: LiteralHits | null = null;

  private blank: ContentLines | null = null;

  get blankLines(): ContentLines {
    this.blank ??= new ContentLines(this.file.text, this.lines);
    return this.blank;
  }

  /** The lines spanned by [start, end), clipped to a reach around the match. */
  context(start: number, end: number): string {
    const from = Math.max(this.lines.lineStart(this.lines.lineOf(start)), start - CONTEXT_REACH);
    const to = Math.min(this.lines.lineEnd(this.lines.lineOf(Math.max(start, end - 1))), end + CONTEXT_REACH);
    return this.file.text.slice(from, Math.max(to, end));
  }

}

/**
 * Which literals of the pack occur in a text, and so which patterns can match it; with `record`,
 * also where, so that a pattern needs to be run only on the lines around its literals.
 */
export class LiteralHits {
  private readonly seen: Uint8Array;
  private readonly log: HitLog | undefined;
  private found: Occurrences | null = null;

  constructor(text: string, record = false) {
    const { literals } = pack();
    this.seen = new Uint8Array(literals.size);
    this.log = record ? new HitLog() : undefined;
    literals.scan(text, this.seen, this.log);
  }

  /** True unless a literal the pattern requires is missing; patterns without literals always may match. */
  mayMatch(pattern: Searchable): boolean {
    if (pattern.requirement === null) return true;
    for (const anyOf of pattern.requirement) {
      let found = false;
      for (let i = 0; i < anyOf.length; i++) {
        if (this.seen[anyOf[i]!] === 1) {
          found = true;
          break;
        }
      }
      if (!found) return false;
    }
    return true;
  }

  /**
   * Spans holding every place a match of `pattern` can be: the occurrences of its required
   * literal set with the fewest occurrences (every match contains one of them). Null when that is
   * not known: nothing was recorded, the record overflowed, or the pattern requires no literal.
   */
  anchors(pattern: Searchable): { spans: Int32Array; from: number; to: number }[] | null {
    if (this.log === undefined || this.log.overflow || pattern.requirement === null) return null;
    this.found ??= pack().literals.occurrences(this.log);
    const { first, spans } = this.found;
    const { literals } = pack();
    let best: Int32Array | null = null;
    let fewest = Infinity;
    for (const anyOf of pattern.requirement) {
      if (anyOf.some((id) => !literals.logged(id))) continue;
      let count = 0;
      for (let i = 0; i < anyOf.length; i++) count += first[anyOf[i]! + 1]! - first[anyOf[i]!]!;
      if (count < fewest) {
        fewest = count;
        best = anyOf;
      }
    }
    if (best === null) return null;
    return Array.from(best, (id) => ({ spans, from: first[id]!, to: first[id + 1]! }));
  }
}

/**
 * Runs every applicable content rule over one text file. `active` lets the caller leave out rules
 * that cannot fire for this skill (their check says the skill is out of scope). One pass of the
 * literal automaton picks the patterns that can match; only those are run.
 */
export function matchFile(file: TextFileView, skill: SkillView, deadline: Deadline, active: (rule: CompiledRule) => boolean): Hit[] {
  const source = file.text;
  if (source.length === 0) return [];
  const compiled = pack();
  const literalHits = new LiteralHits(source, true);
  const text = new FileText(file);
  text.hits = literalHits;
  deadline.check();
  const prefilterResults = new Map<string, boolean>();
  const prefilterHolds = (prefilter: string) => {
    let holds = prefilterResults.get(prefilter);
    if (holds === undefined) {
      const filter = compiled.prefilters.get(prefilter)!;
      holds = 'test' in filter ? filter.test(source) : occurs(filter.search, text, literalHits);
      prefilterResults.set(prefilter, holds);
    }
    return holds;
  };
  // Candidates: patterns of rules that apply here whose literals all occur. Those whose matches
  // span a bounded number of lines are tested on the lines around their literals; the rest by set.
  const occurring = new Set<CompiledPattern>();
  const candidates = new Map<number, CompiledPattern[]>();
  for (const rule of compiled.contentRules) {
    if (!rule.appliesTo(file.path) || !active(rule)) continue;
    if (rule.spec.prefilter !== undefined && !rule.patterns.some((p) => literalHits.mayMatch(p))) continue;
    if (rule.spec.prefilter !== undefined && !prefilterHolds(rule.spec.prefilter)) continue;
    for (const p of rule.patterns) {
      if (!literalHits.mayMatch(p)) continue;
      const windows = text.windows(p, p.maxLineGaps);
      if (windows) {
        if (occursIn(p, source, windows)) occurring.add(p);
        continue;
      }
      const { set } = compiled.setOf.get(p)!;
      const list = candidates.get(set);
      if (list) list.push(p);
      else candidates.set(set, [p]);
    }
  }
  deadline.check();
  // Candidates spread over several sets are confirmed together, by one set made of just them.
  const together = [...candidates.values()].flat();
  if (candidates.size > 1) {
    const set = compiled.setFor(together);
    for (const position of set.matching(source)) occurring.add(set.patterns[position]!);
    candidates.clear();
  }
  // One pass per set that holds a candidate says which of them occur.
  for (const [index, list] of candidates) {
    if (list.length === 1) {
      if (list[0]!.re.test(source)) occurring.add(list[0]!);
    } else {
      const set = compiled.sets[index]!;
      // The set also reports patterns of rules that do not apply here; only candidates count.
      const wanted = new Set(list);
      for (const position of set.matching(source)) if (wanted.has(set.patterns[position]!)) occurring.add(set.patterns[position]!);
    }
    deadline.check();
  }
  if (occurring.size === 0) return [];
  const hits: Hit[] = [];
  for (const rule of compiled.contentRules) {
    const patterns = rule.patterns.filter((p) => occurring.has(p));
    if (patterns.length === 0) continue;
    matchRule(rule, patterns, text, skill, deadline, hits);
  }
  return hits;
}

function matchRule(rule: CompiledRule, patterns: CompiledPattern[], text: FileText, skill: SkillView, deadline: Deadline, hits: Hit[]): void {
  const source = text.file.text;
  const confirm = rule.spec.check ? CHECKS[rule.spec.check]?.confirm : undefined;
  const seenLines = new Set<number>();
  // With several candidate patterns, one pass of the rule's alternation skips blocks where none occurs.
  const all = patterns.length > 1 ? rule.anyPattern : null;
  let candidates = 0;
  let kept = 0;
  let lowered = 0;
  const segments = text.blocks();
  // The caller has seen every pattern occur in the file; a file of one block needs no second test.
  const single = segments.length === 1;
  for (const segment of segments) {
    deadline.check();
    const slice = single ? source : source.slice(segment.start, segment.end);
    if (!single && all && !all.test(slice)) continue;
    for (const pattern of patterns) {
      if (!single && !pattern.re.test(slice)) continue;
      const lines = text.shortLines ? linesToSearch(text, pattern, segment, single) : undefined;
      for (const found of located(pattern, slice, text.shortLines, lines)) {
        const localStart = found.start;
        if (segment.start + localStart >= segment.ownEnd) break;
        if (found.end === localStart) continue;
        if (++candidates > MAX_CANDIDATES_PER_RULE_PER_FILE) {
          // The rest of the file goes unexamined by this rule: say so at MEDIUM rather than pass it silently.
          if (rule.spec.severity === 'CRITICAL' || rule.spec.severity === 'HIGH' || rule.spec.severity === 'MEDIUM') {
            const at = segment.start + localStart;
            hits.push({ rule, file: text.file.path, line: text.lines.lineOf(at), severity: 'MEDIUM', message: `${rule.spec.title}: more than ${MAX_CANDIDATES_PER_RULE_PER_FILE} matches in this file; this rule did not examine the file past line ${text.lines.lineOf(at)}` });
          }
          return;
        }
        const start = segment.start + localStart;
        const end = segment.start + found.end;
        const line = text.lines.lineOf(start);
        if (seenLines.has(line)) continue;
        const context = text.context(start, end);
        if (rule.exclusions.some((x) => x.test(context))) continue;
        if (rule.requires.length > 0 && !rule.requires.some((x) => x.test(context))) continue;
        let message: string | undefined;
        if (confirm) {
          const verdict = confirm(matchContext(skill, text, start, end, context));
          if (verdict === false) continue;
          if (typeof verdict === 'object') message = verdict.message;
        }
        const hit: Hit = { rule, file: text.file.path, start, end };
        if (message) hit.message = message;
        if (rule.spec.judge_context) documented(hit, text.file, text.lines, skill, start, end);
        if (found.secretStart >= 0) {
          hit.secretStart = segment.start + found.secretStart;
          hit.secretEnd = segment.start + found.secretEnd;
        }
        seenLines.add(line);
        // Matches reported lower (documentation) do not use up the rule's findings: twenty quoted
        // warnings must not hide the instruction after them.
        const reported = hit.severity ?? rule.spec.severity;
        if (reported === 'LOW' || reported === 'INFO') {
          if (lowered++ < rule.maxPerFile) hits.push(hit);
          continue;
        }
        hits.push(hit);
        if (++kept >= rule.maxPerFile) return;
      }
      deadline.check();
    }
  }
}

interface Located {
  start: number;
  end: number;
  /** The `secret` group, or -1. */
  secretStart: number;
  secretEnd: number;
}

/** A text with a line longer than this is searched whole rather than line by line. */
const MAX_LOCATED_LINE = 4096;

/**
 * The matches of a pattern in `text`, in order. Locating needs RE2's capturing engine, several
 * times slower than the automaton that answers "is there a match?", so when the text's lines are
 * of ordinary length it runs only on the lines the automaton says hold a match. A match that only
 * exists across lines (no line holds one) is found by searching the whole text. Linear: each line
 * is tested once and searched at most once.
 */
function* located(pattern: CompiledPattern, text: string, lineByLine: boolean, only?: Int32Array | null): Generator<Located> {
  const wanted = (m: Located, offset: number): Located =>
    offset === 0 ? m : { start: offset + m.start, end: offset + m.end, secretStart: m.secretStart >= 0 ? offset + m.secretStart : -1, secretEnd: m.secretStart >= 0 ? offset + m.secretEnd : -1 };
  if (lineByLine) {
    let any = false;
    // `only`: [from, to) of the lines that can hold a match within one line; the others cannot.
    const count = only ? only.length / 2 : Infinity;
    for (let k = 0, from = 0; k < count && (only || from < text.length); k++) {
      let to: number;
      if (only) {
        from = only[2 * k]!;
        to = only[2 * k + 1]!;
      } else {
        to = text.indexOf('\n', from);
        if (to === -1) to = text.length;
      }
      if (to > from) {
        const line = text.slice(from, to);
        if (pattern.re.test(line)) {
          any = true;
          for (const m of pattern.re.matches(line)) yield wanted(m, from);
        }
      }
      if (!only) from = to + 1;
    }
    if (any) return;
  }
  yield* pattern.re.matches(text);
}

/**
 * The lines of a block to search one by one for `pattern`, as [from, to) offsets into the block:
 * the lines holding its anchors (a match within one line holds one), or null for every line.
 * A block's last line may be cut by the block's end; it is cut here the same way.
 */
function linesToSearch(text: FileText, pattern: CompiledPattern, segment: Segment, single: boolean): Int32Array | null {
  const windows = text.windows(pattern, 0);
  if (!windows) return null;
  const out: number[] = [];
  const segStart = single ? 0 : segment.start;
  const segEnd = single ? text.file.text.length : segment.end;
  const source = text.file.text;
  // The first window reaching into the block, by bisection: each block reads only its own windows.
  let lo = 0;
  let hi = windows.offsets.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (windows.offsets[2 * mid + 1]! > segStart) hi = mid;
    else lo = mid + 1;
  }
  const firstLine = text.lines.lineOf(segStart);
  for (let w = 2 * lo; w < windows.lines.length; w += 2) {
    if (windows.offsets[w]! >= segEnd) break;
    for (let line = Math.max(windows.lines[w]!, firstLine); line <= windows.lines[w + 1]!; line++) {
      const start = text.lines.lineStart(line);
      if (start >= segEnd) break;
      let end = line < text.lines.lineCount ? text.lines.lineStart(line + 1) - 1 : source.length;
      if (end <= segStart) continue;
      end = Math.min(end, segEnd);
      out.push(Math.max(start, segStart) - segStart, end - segStart);
    }
  }
  return Int32Array.from(out);
}

/** Whether `search` matches the file: nowhere if its literals are missing, else in its windows or the whole text. */
function occurs(search: Searchable, text: FileText, literalHits: LiteralHits): boolean {
  if (!literalHits.mayMatch(search)) return false;
  const windows = text.windows(search, search.maxLineGaps);
  return windows ? occursIn(search, text.file.text, windows) : search.re.test(text.file.text);
}

/** Whether `pattern` matches in one of the windows (each a whole number of lines, so `^`, `$` and `\b` read as in the file). */
function occursIn(pattern: Searchable, source: string, windows: LineWindows): boolean {
  for (let w = 0; w < windows.offsets.length; w += 2) if (pattern.re.test(windowText(source, windows, w))) return true;
  return false;
}

function matchContext(skill: SkillView, text: FileText, start: number, end: number, context: string): MatchContext {
  return {
    skill,
    file: text.file,
    lines: text.lines,
    start,
    end,
    matched: text.file.text.slice(start, end),
    context,
    rulesMatching,
    inCode: () => text.inCode(start),
  };
}

/** Categories whose rules a decoded payload is checked against: what it would do, not how it looks. */
const BEHAVIOUR_CATEGORIES = new Set(['prompt_injection', 'command_injection', 'data_exfiltration', 'resource_abuse', 'social_engineering']);
const DECODED_LIMIT = 64 * 1024;

/** Ids of behavioural rules whose patterns occur in `decoded` (bounded, no confirm checks, no recursion). */
function rulesMatching(decoded: string): string[] {
  const sample = decoded.length > DECODED_LIMIT ? decoded.slice(0, DECODED_LIMIT) : decoded;
  const literalHits = new LiteralHits(sample);
  const found: string[] = [];
  for (const rule of pack().contentRules) {
    if (!BEHAVIOUR_CATEGORIES.has(rule.spec.category) || rule.spec.check || rule.spec.prefilter || rule.spec.severity === 'INFO' || rule.spec.severity === 'LOW') continue;
    if (!rule.patterns.some((p) => literalHits.mayMatch(p))) continue;
    if (rule.anyPattern!.test(sample) && !rule.exclusions.some((x) => x.test(sample))) found.push(rule.spec.id);
  }
  return found;
}
