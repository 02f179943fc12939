import type { RE2JS } from 're2js';
import { fileTypeMatcher } from '../engine/file-types.js';
import type { LineIndex } from '../engine/lines.js';
import type { SkillView, TextFileView } from '../engine/types.js';
import type { FindingContext } from '../types.js';
import { LineKind, MarkdownOutline } from './outline.js';
import {
  CONDITIONAL_IMPERATIVE,
  DESCRIBED_ATTACK,
  DETECTION_PURPOSE,
  DOUBLE_NEGATIVE_WORD,
  HAS_LETTER,
  IMPERATIVE_START,
  MODAL_INSTRUCTION,
  NEGATED_AFTER,
  NEGATED_BEFORE,
  NEGATED_SENTENCE,
  REASSURANCE,
  SEARCH_ARGUMENT,
  SEARCH_LEAD,
  TELLS_SOMEONE_TO,
  SEARCHED_BEFORE,
  SECTION_DESCRIBED,
  SECTION_NEGATED,
  SECTION_STEPS,
  TRAILER_NEGATED,
} from './signals.js';

const isScript = fileTypeMatcher(['@script']);
const isMarkdown = fileTypeMatcher(['@markdown']);

/** How far the judgement looks around a match, in characters and lines: bounded, so never quadratic. */
const CLAUSE_REACH = 400;
const AFTER_REACH = 200;
const LEAD_IN_LINES = 3;
const LEAD_IN_REACH = 600;
const COMMENT_LINES = 5;
const COMMENT_STARTS = ['#', '//', '--', ';', 'REM ', 'rem ', '::', '<!--', '/*', '*'];

/** An order (no lowering), one of the documentation contexts, or nothing either way. */
type Reading = 'instruction' | FindingContext | null;

const outlines = new WeakMap<TextFileView, MarkdownOutline>();
const purposes = new WeakMap<SkillView, boolean>();

/**
 * Whether a match is documentation rather than an instruction, and which kind. Being inside
 * backticks or a fence is never a reason by itself: the words around the match decide. The text
 * is an instruction when it tells the agent to act (an imperative sentence, a numbered step, "then",
 * "first", "you must", "run the following:"); documentation only when it says so: it negates the
 * action ("never run", "do not"), describes an attack ("attackers use", "an example of a
 * malicious"), searches for it ("grep for"), sits under a heading that lists indicators or
 * forbidden things, or the skill declares detection or teaching as its purpose. Scripts run, so
 * nothing in them is documentation; data files (YAML, JSON, rule files) only take the skill's purpose.
 */
export function judgeContext(file: TextFileView, lines: LineIndex, skill: SkillView, start: number, end: number): FindingContext | null {
  if (isScript(file.path) || end <= start) return null;
  if (!isMarkdown(file.path)) return detectionSkill(skill) ? 'detection-skill' : null;
  let outline = outlines.get(file);
  if (!outline) {
    outline = new MarkdownOutline(file.text, lines);
    outlines.set(file, outline);
  }
  const reading = new Judgement(file.text, outline, start, end).read();
  if (reading !== null) return reading === 'instruction' ? null : reading;
  return detectionSkill(skill) ? 'detection-skill' : null;
}

function detectionSkill(skill: SkillView): boolean {
  let known = purposes.get(skill);
  if (known === undefined) {
    const declared = `${skill.manifest?.name ?? skill.name}\n${skill.manifest?.description ?? ''}`.split('-').join(' ').split('_').join(' ');
    known = DETECTION_PURPOSE.test(declared.length > 2000 ? declared.slice(0, 2000) : declared);
    purposes.set(skill, known);
  }
  return known;
}

class Judgement {
  private readonly line: number;

  constructor(
    private readonly text: string,
    private readonly outline: MarkdownOutline,
    private readonly start: number,
    private readonly end: number,
  ) {
    this.line = outline.lines.lineOf(start);
  }

  read(): Reading {
    const local = this.outline.isCode(this.line) ? this.inCodeBlock() : this.inText();
    if (local !== null) return local;
    return this.section();
  }

  /** A match on a line of a fenced or indented block: its own line, comments above it, the text before and after the block. */
  private inCodeBlock(): Reading {
    const { outline, text, line } = this;
    const lineStart = outline.lines.lineStart(line);
    const before = text.slice(Math.max(lineStart, this.start - CLAUSE_REACH), this.start);
    if (SEARCH_ARGUMENT.test(before)) return 'described-attack';
    const blockStart = outline.blockStart[line]!;
    const comments: string[] = [];
    for (let l = line - 1; l > blockStart && l >= line - COMMENT_LINES; l--) {
      const t = outline.lineText(l).trimStart();
      if (COMMENT_STARTS.some((c) => t.startsWith(c))) comments.push(clip(t, 300));
    }
    const rest = text.slice(this.end, Math.min(outline.lines.lineEnd(line), this.end + AFTER_REACH));
    const hash = Math.max(rest.indexOf(' # '), rest.indexOf(' // '));
    if (hash !== -1) comments.push(rest.slice(hash));
    const commented = comments.join('\n');
    if (commented && negatedSentence(commented)) return 'negated';
    if (commented && described(commented)) return 'described-attack';
    const lead = this.leadIn(blockStart);
    if (lead !== null) return lead;
    const trailer = this.trailer(outline.blockEnd[line]!);
    if (TRAILER_NEGATED.test(trailer)) return 'negated';
    if (described(firstSentences(trailer))) return 'described-attack';
    return null;
  }

  /** A match in a paragraph, list item, table row or block quote (inline code or not). */
  private inText(): Reading {
    const { outline, text, line } = this;
    const kind = outline.kind[line]!;
    // A block quote, or a paragraph that is one quotation in quote marks, is quoted material: when the
    // text introducing it (or right after it) says it is an example of an attack or something never
    // to do, that decides, whatever the quoted words order.
    if (kind === LineKind.Quote || (kind === LineKind.Prose && this.quotedParagraph())) {
      const lead = this.leadIn(outline.blockStart[line]!);
      if (lead === 'negated' || lead === 'described-attack') return lead;
      const trailer = this.trailer(outline.blockEnd[line]!);
      if (TRAILER_NEGATED.test(trailer)) return 'negated';
      if (described(firstSentences(trailer)) && !instructs(trailer)) return 'described-attack';
    }
    // A table whose header says its entries are attacks, indicators or things never to do lists them:
    // a command alone in a cell reads like an order, so the header is read first.
    if (kind === LineKind.TableRow && outline.blockStart[line] !== line) {
      const header = outline.lineText(outline.blockStart[line]!);
      if (negatedSentence(header)) return 'negated';
      if (described(header)) return 'described-attack';
    }
    // Cells are not sentences: a cell naming a command family ("bash", "python") is no order. Under a
    // heading of indicators or of things never to do, the table lists them.
    if (kind === LineKind.TableRow) {
      const section = this.section();
      if (section === 'negated' || section === 'described-attack') return section;
    }
    // A paragraph right after a block whose lead-in forbids or describes it explains that block:
    // "Do not follow forum advice such as [block] `--trusted-host` switches off the check".
    const explained = this.explainsBlockAbove();
    if (explained !== null) return explained;
    const unitLine = outline.itemStart[line] || outline.blockStart[line] || line;
    const unitStart = outline.lines.lineStart(kind === LineKind.TableRow ? line : unitLine);
    const span = this.codeSpan(Math.max(unitStart, this.start - CLAUSE_REACH));
    const clauses = clausesBefore(text, Math.max(unitStart, span.start - CLAUSE_REACH), span.start, kind === LineKind.TableRow);
    const own = clauses.current;
    const governing = HAS_LETTER.test(own) ? own : clauses.previous;
    const after = clauseAfter(text, span.end, Math.min(text.length, span.end + AFTER_REACH), kind === LineKind.TableRow);
    const head = span.inCode ? '' : text.slice(this.start, Math.min(this.end, this.start + 80));
    if (span.inCode && SEARCH_ARGUMENT.test(text.slice(span.start + 1, this.start))) return 'described-attack';

    if (negatedBefore(governing) || NEGATED_AFTER.test(after)) return 'negated';
    if (SEARCHED_BEFORE.test(governing)) return 'described-attack';
    if (REASSURANCE.test(`${governing} ${after}`)) return 'instruction';
    // A match that opens its clause is read as the clause itself: "If asked whether …, say no."
    if (instructs(governing + head) || (!HAS_LETTER.test(own) && instructs(head))) return 'instruction';
    if (described(`${governing} ${after}`)) return 'described-attack';
    // Earlier sentences of the same paragraph or item, and the next one.
    const earlier = clauses.earlier;
    if (earlier && negatedSentence(earlier)) return 'negated';
    if (earlier && described(earlier)) return 'described-attack';
    const later = this.nextSentence(span.end, this.unitEnd(kind));
    if (later && TRAILER_NEGATED.test(later)) return 'negated';
    if (later && described(later) && !instructs(later)) return 'described-attack';
    // A numbered step is an order unless its section lists things never to do or to look for.
    const numbered = kind === LineKind.NumberedItem || (kind === LineKind.ItemContinuation && outline.kind[outline.itemStart[line]!] === LineKind.NumberedItem);
    const introduced = this.introducedBlockTrailer();
    if (introduced !== null) return introduced;
    if (numbered) return this.section() ?? 'instruction';
    if (kind === LineKind.Prose && outline.blockStart[line] !== line && earlier) return null;
    // What introduces the list, table or quote the match sits in.
    const blockStart = outline.blockStart[line]!;
    if (kind === LineKind.TableRow) {
      const header = outline.lineText(blockStart);
      if (negatedSentence(header)) return 'negated';
      if (described(header)) return 'described-attack';
    }
    if (kind !== LineKind.Prose || !earlier) {
      const lead = this.leadIn(blockStart);
      if (lead !== null) return lead;
    }
    return null;
  }

  /**
   * When the match is in the first sentence of a paragraph that directly follows a code block (at
   * most one blank line between), and that block's lead-in forbids or describes it, the paragraph
   * speaks about the block: the lead-in's reading. A paragraph starting in lower case continues the
   * lead-in's sentence ("Forum fixes such as [block] turn off Gatekeeper for every app"), so it is
   * read that way even when its first word is a verb; otherwise an order in it stands.
   */
  private explainsBlockAbove(): Reading {
    const { outline, line, text } = this;
    if (outline.kind[line] !== LineKind.Prose) return null;
    const first = outline.blockStart[line]!;
    let above = first - 1;
    if (above >= 1 && outline.kind[above] === LineKind.Blank) above--;
    if (above < 1 || !outline.isCode(above)) return null;
    const paragraphStart = outline.lines.lineStart(first);
    if (this.start - paragraphStart > CLAUSE_REACH || sentenceEndsBetween(text, paragraphStart, this.start)) return null;
    const lead = this.leadIn(outline.blockStart[above]!);
    if (lead !== 'negated' && lead !== 'described-attack') return null;
    let i = paragraphStart;
    while (i < this.start && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    const continues = text.charCodeAt(i) >= 97 && text.charCodeAt(i) <= 122;
    if (!continues && instructs(maskCode(text.slice(paragraphStart, this.end)))) return null;
    return lead;
  }

  /** The paragraph holding the match opens with a quotation mark and closes with one. */
  private quotedParagraph(): boolean {
    const { outline, line } = this;
    const first = outline.lineText(outline.blockStart[line]!).trimStart();
    const last = outline.lineText(outline.blockEnd[line]!).trimEnd();
    const opens = first.startsWith('"') || first.startsWith('\u201c') || first.startsWith('\u00ab');
    let end = last.length;
    while (end > 0 && '.,;:!?)'.includes(last.charAt(end - 1))) end--;
    const closer = last.charAt(end - 1);
    return opens && first.length > 1 && (closer === '"' || closer === '\u201d' || closer === '\u00bb');
  }

  /** Where the paragraph, or the list item, holding the match ends (a few lines at most). */
  private unitEnd(kind: LineKind): number {
    const { outline, line } = this;
    const item = outline.itemStart[line]!;
    let last = line;
    for (let l = line + 1; l <= Math.min(outline.lines.lineCount, line + LEAD_IN_LINES + 2); l++) {
      const same = item !== 0 ? outline.itemStart[l] === item && !outline.isCode(l) : outline.blockStart[l] === outline.blockStart[line] && kind === outline.kind[l];
      if (!same || outline.kind[l] === LineKind.Blank) break;
      last = l;
    }
    return outline.lines.lineEnd(last);
  }

  /** The sentence after the one holding the match, within its paragraph or item. */
  private nextSentence(from: number, blockEnd: number): string {
    const { text } = this;
    const limit = Math.min(blockEnd, from + AFTER_REACH + CLAUSE_REACH);
    let ticks = 0;
    let begin = -1;
    for (let i = from; i < limit; i++) {
      const c = text.charCodeAt(i);
      if (c === 96) ticks++;
      if (ticks % 2 === 1) continue;
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 32;
      if ((c === 46 || c === 33 || c === 63) && (next === 32 || next === 10)) {
        if (begin === -1) begin = i + 1;
        else return text.slice(begin, i);
      }
    }
    return begin === -1 ? '' : text.slice(begin, limit);
  }

  /** The nearest heading and the file's name: a section of indicators, of things never to do, or of steps. */
  private section(): Reading {
    const { outline } = this;
    const headingLine = outline.heading[this.line]!;
    const heading = headingLine > 0 ? clip(outline.lineText(headingLine), 300) : '';
    if (heading && SECTION_NEGATED.test(heading)) return 'negated';
    if (heading && SECTION_DESCRIBED.test(heading)) return 'described-attack';
    if (heading && SECTION_STEPS.test(heading)) return 'instruction';
    return null;
  }

  /** The lines that introduce a block, read as one sentence: an order, a warning, or a description. */
  private leadIn(blockStart: number): Reading {
    const { outline } = this;
    let l = blockStart - 1;
    let blanks = 0;
    while (l >= 1 && outline.kind[l] === LineKind.Blank && blanks < 2) {
      l--;
      blanks++;
    }
    const parts: string[] = [];
    for (let taken = 0; l >= 1 && taken < LEAD_IN_LINES; l--, taken++) {
      const k = outline.kind[l]!;
      if (k === LineKind.Blank || k === LineKind.Heading || k === LineKind.Break || outline.isCode(l)) break;
      parts.unshift(outline.lineText(l));
    }
    if (parts.length === 0) return null;
    let lead = parts.join(' ');
    if (lead.length > LEAD_IN_REACH) lead = lead.slice(lead.length - LEAD_IN_REACH);
    const last = lastSentence(lead);
    if (negatedSentence(last)) return 'negated';
    if (searchLead(last)) return 'described-attack';
    if (instructs(last) && !REASSURANCE.test(lead)) return 'instruction';
    if (REASSURANCE.test(lead)) return 'instruction';
    // The last sentence only explains ("An older version did this, and it leaked …:"); a prohibition
    // earlier in the same lead-in ("Never put secrets into an image URL.") still governs the block.
    if (negatedSentence(lead)) return 'negated';
    if (described(lead)) return 'described-attack';
    return null;
  }

  /**
   * The text holding the match introduces a block on the next lines ("… say to paste the prompt
   * into `notes.md` and run:"): what follows that block ("That is an extraction trick. Do not …")
   * speaks about both. Null when the unit does not end in a lead-in to a block.
   */
  private introducedBlockTrailer(): Reading {
    const { outline, line } = this;
    const item = outline.itemStart[line]!;
    const block = outline.blockStart[line]!;
    let last = line;
    for (let l = line + 1; l <= Math.min(outline.lines.lineCount, line + LEAD_IN_LINES + 3); l++) {
      if (outline.kind[l] === LineKind.Blank) continue;
      if (outline.isCode(l)) {
        if (!outline.lineText(last).trimEnd().endsWith(':')) return null;
        const trailer = this.trailer(outline.blockEnd[l]!);
        if (TRAILER_NEGATED.test(trailer)) return 'negated';
        if (described(firstSentences(trailer)) && !instructs(trailer)) return 'described-attack';
        return null;
      }
      const same = item !== 0 ? outline.itemStart[l] === item : outline.blockStart[l] === block;
      if (!same) return null;
      last = l;
    }
    return null;
  }

  private trailer(blockEnd: number): string {
    const { outline } = this;
    let l = blockEnd + 1;
    let blanks = 0;
    while (l <= outline.lines.lineCount && outline.kind[l] === LineKind.Blank && blanks < 2) {
      l++;
      blanks++;
    }
    const parts: string[] = [];
    for (let taken = 0; l <= outline.lines.lineCount && taken < LEAD_IN_LINES; l++, taken++) {
      const k = outline.kind[l]!;
      if (k === LineKind.Blank || k === LineKind.Heading || k === LineKind.Break || outline.isCode(l)) break;
      parts.push(clip(outline.lineText(l), LEAD_IN_REACH));
    }
    return clip(parts.join(' '), LEAD_IN_REACH);
  }

  /** The inline code span holding the match, if any: the words around the span are what speaks about it. */
  private codeSpan(from: number): { start: number; end: number; inCode: boolean } {
    const { text } = this;
    const lineStart = this.outline.lines.lineStart(this.line);
    let open = -1;
    for (let i = Math.max(from, lineStart); i < this.start; i++) if (text.charCodeAt(i) === 96) open = open === -1 ? i : -1;
    if (open === -1) return { start: this.start, end: this.end, inCode: false };
    let close = this.end;
    const limit = Math.min(text.length, this.end + CLAUSE_REACH);
    for (let i = this.start; i < limit; i++) {
      if (text.charCodeAt(i) === 96) {
        close = Math.max(i + 1, this.end);
        break;
      }
    }
    return { start: open, end: close, inCode: true };
  }
}

function clip(s: string, n: number): string {
  return s.length > n ? s.slice(0, n) : s;
}

/** The clause before `to` (back to the last sentence or clause boundary outside code spans), the one before it, and earlier text. */
function clausesBefore(text: string, from: number, to: number, cells: boolean): { current: string; previous: string; earlier: string } {
  let ticks = 0;
  const bounds: number[] = [];
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 96) {
      ticks++;
      continue;
    }
    if (ticks % 2 === 1) continue;
    const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 32;
    const spaceNext = next === 32 || next === 10 || next === 9 || next === 13;
    if (((c === 46 || c === 33 || c === 63 || c === 58) && spaceNext) || c === 59 || c === 0x2014 || (cells && c === 124) || c === 10) {
      // A line break ends a clause only where a new item or sentence starts; in a wrapped paragraph it does not.
      if (c === 10 && !startsNewUnit(text, i + 1, to)) continue;
      bounds.push(i + 1);
    }
  }
  const last = bounds.length > 0 ? bounds[bounds.length - 1]! : from;
  const before = bounds.length > 1 ? bounds[bounds.length - 2]! : from;
  return {
    current: maskCode(text.slice(last, to)),
    previous: maskCode(text.slice(before, Math.max(before, last - 1))),
    earlier: text.slice(from, Math.max(from, last - 1)),
  };
}

/**
 * Each inline code span as the one word `X`, so that "do not use `a`, `b` or `c`" reads as a
 * negated list. An unclosed span runs to the end.
 */
function maskCode(clause: string): string {
  if (!clause.includes('\x60')) return clause;
  let out = '';
  let inSpan = false;
  for (let i = 0; i < clause.length; i++) {
    const c = clause.charAt(i);
    if (c === '\x60') {
      if (!inSpan) out += 'X';
      inSpan = !inSpan;
      // A run of backticks opens or closes one span.
      while (i + 1 < clause.length && clause.charAt(i + 1) === '\x60') i++;
    } else if (!inSpan) out += c;
  }
  return out;
}

function blankAfter(text: string, i: number, to: number): boolean {
  while (i < to && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9 || text.charCodeAt(i) === 13)) i++;
  return i >= to || text.charCodeAt(i) === 10;
}

function startsNewUnit(text: string, i: number, to: number): boolean {
  while (i < to && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  const c = text.charCodeAt(i);
  return c === 45 || c === 42 || c === 43 || c === 124 || (c >= 48 && c <= 57);
}

function clauseAfter(text: string, from: number, to: number, cells: boolean): string {
  let ticks = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 96) ticks++;
    if (ticks % 2 === 1) continue;
    const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 32;
    if (c === 10 && !startsNewUnit(text, i + 1, to) && !blankAfter(text, i + 1, to)) continue;
    if (((c === 46 || c === 33 || c === 63) && (next === 32 || next === 10)) || c === 59 || c === 10 || (cells && c === 124)) return text.slice(from, i);
  }
  return text.slice(from, to);
}

function lastSentence(lead: string): string {
  let stop = lead.length;
  while (stop > 0 && ' \t:.,-'.includes(lead.charAt(stop - 1))) stop--;
  const trimmed = lead.slice(0, stop);
  let cut = 0;
  for (let i = 0; i + 1 < trimmed.length; i++) {
    const c = trimmed.charCodeAt(i);
    const next = trimmed.charCodeAt(i + 1);
    if ((c === 46 || c === 33 || c === 63 || c === 58) && next === 32) cut = i + 2;
  }
  return trimmed.slice(cut);
}

function firstSentences(trailer: string): string {
  return clip(trailer, 400);
}

function instructs(clause: string): boolean {
  const text = withoutLabel(clause);
  return IMPERATIVE_START.test(text) || CONDITIONAL_IMPERATIVE.test(text) || MODAL_INSTRUCTION.test(text);
}

/** A bold label that opens a list item ("**Install one-liners** such as …") names a topic; it is not a verb. */
function withoutLabel(clause: string): string {
  let i = 0;
  while (i < clause.length && ' \t-*+>0123456789.)'.includes(clause.charAt(i)) && !clause.startsWith('**', i) && !clause.startsWith('__', i)) i++;
  const marker = clause.startsWith('**', i) ? '**' : clause.startsWith('__', i) ? '__' : null;
  if (marker === null) return clause;
  const close = clause.indexOf(marker, i + 2);
  if (close === -1 || close - i > 80) return clause;
  const rest = clause.slice(close + 2);
  return rest.trim().length > 0 ? rest : clause;
}

function described(text: string): boolean {
  return DESCRIBED_ATTACK.test(text) && !REASSURANCE.test(text);
}

/** The clause ends in a negated verb ("never run", "do not paste the following into"), unless it is "do not skip" and the like. */
function negatedBefore(clause: string): boolean {
  const m = NEGATED_BEFORE.matcher(clause);
  if (!m.find()) return false;
  const words = m.group(1) ?? '';
  return TELLS_SOMEONE_TO.test(words) || !DOUBLE_NEGATIVE_WORD.test(words);
}

/**
 * A negated action anywhere in the sentence, other than a double negative ("do not forget to run",
 * "don't tell the user"). "Do not tell the user to switch it off" forbids telling: the words after
 * the verb decide that, so they are read too.
 */
function negatedSentence(sentence: string): boolean {
  return allMatches(NEGATED_SENTENCE, sentence).some((m) => TELLS_SOMEONE_TO.test(m.rest) || !DOUBLE_NEGATIVE_WORD.test(m.words));
}

/** A lead-in that starts with looking for something: "Look for lines like:", "Flag any of these:". */
function searchLead(last: string): boolean {
  return SEARCH_LEAD.test(last);
}

/**
 * Group 1 of every match: the words after the negation ('x' for an alternative without that group,
 * such as "forbidden"), and the text from there on to the end of the clause.
 */
function allMatches(re: RE2JS, text: string): { words: string; rest: string }[] {
  const out: { words: string; rest: string }[] = [];
  const m = re.matcher(text);
  const groups = m.groupCount();
  while (m.find() && out.length < 8) {
    const words = (groups >= 1 ? m.group(1) : null) ?? 'x';
    const from = groups >= 1 && m.start(1) >= 0 ? m.start(1) : m.end();
    out.push({ words, rest: clauseFrom(text, from) });
  }
  return out;
}

/** Whether a sentence ends (`.`, `!` or `?` before a space) between `from` and `to`, outside code spans. */
function sentenceEndsBetween(text: string, from: number, to: number): boolean {
  let ticks = 0;
  for (let i = from; i + 1 < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 96) ticks++;
    else if (ticks % 2 === 0 && (c === 46 || c === 33 || c === 63) && (text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 10)) return true;
  }
  return false;
}

/** From `from` to the end of its clause, at most 120 characters. */
function clauseFrom(text: string, from: number): string {
  const end = Math.min(text.length, from + 120);
  for (let i = from; i < end; i++) if ('.;:!?'.includes(text.charAt(i))) return text.slice(from, i);
  return text.slice(from, end);
}
