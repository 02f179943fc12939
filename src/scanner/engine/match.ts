import { CHECKS } from '../checks/registry.js';
import type { MatchContext } from '../checks/types.js';
import { MAX_CANDIDATES_PER_RULE_PER_FILE } from '../limits.js';
import { CodeRegions } from './code-regions.js';
import { fileTypeMatcher } from './file-types.js';
import { pack } from './compile.js';
import type { Deadline } from './deadline.js';
import { LineIndex } from './lines.js';
import { blocks, type Segment } from './segments.js';
import type { CompiledRule, Hit, SkillView, TextFileView } from './types.js';

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

  blocks(): Segment[] {
    this.blockList ??= blocks(this.file.text, this.lines);
    return this.blockList;
  }

  inCode(offset: number): boolean {
    this.code ??= new CodeRegions(this.file.path, this.file.text, this.lines);
    return this.code.contains(offset);
  }

  /** The lines spanned by [start, end), clipped to a reach around the match. */
  context(start: number, end: number): string {
    const from = Math.max(this.lines.lineStart(this.lines.lineOf(start)), start - CONTEXT_REACH);
    const to = Math.min(this.lines.lineEnd(this.lines.lineOf(Math.max(start, end - 1))), end + CONTEXT_REACH);
    return this.file.text.slice(from, Math.max(to, end));
  }

}

/**
 * Runs every applicable content rule over one text file. `active` lets the caller leave out rules
 * that cannot fire for this skill (their check says the skill is out of scope).
 */
export function matchFile(file: TextFileView, skill: SkillView, deadline: Deadline, active: (rule: CompiledRule) => boolean): Hit[] {
  const source = file.text;
  if (source.length === 0) return [];
  const wanted = (rule: CompiledRule) => rule.appliesTo(file.path) && active(rule);
  const matching: CompiledRule[] = [];
  for (const group of pack().groups) {
    deadline.check();
    if (!group.rules.some(wanted) || !group.anyMatch(source)) continue;
    for (const subgroup of group.subgroups) {
      if (!subgroup.rules.some(wanted) || !subgroup.anyMatch(source)) continue;
      for (const rule of subgroup.rules) if (wanted(rule) && rule.anyPattern!.test(source)) matching.push(rule);
    }
  }
  for (const group of pack().prefiltered) {
    deadline.check();
    if (!group.rules.some(wanted) || !group.prefilter.test(source) || !group.anyMatch(source)) continue;
    for (const rule of group.rules) if (wanted(rule) && (group.rules.length === 1 || rule.anyPattern!.test(source))) matching.push(rule);
  }
  if (matching.length === 0) return [];
  const text = new FileText(file);
  const hits: Hit[] = [];
  for (const rule of matching) matchRule(rule, text, skill, deadline, hits);
  return hits;
}

function matchRule(rule: CompiledRule, text: FileText, skill: SkillView, deadline: Deadline, hits: Hit[]): void {
  const source = text.file.text;
  const confirm = rule.spec.check ? CHECKS[rule.spec.check]?.confirm : undefined;
  const seenLines = new Set<number>();
  let candidates = 0;
  let kept = 0;
  for (const segment of text.blocks()) {
    deadline.check();
    const slice = source.slice(segment.start, segment.end);
    if (!rule.anyPattern!.test(slice)) continue;
    for (const pattern of rule.patterns) {
      if (!pattern.re.test(slice)) continue;
      const m = pattern.re.matcher(slice);
      while (m.find()) {
        const localStart = m.start();
        if (segment.start + localStart >= segment.ownEnd) break;
        if (m.end() === localStart) continue;
        if (++candidates > MAX_CANDIDATES_PER_RULE_PER_FILE) return;
        const start = segment.start + localStart;
        const end = segment.start + m.end();
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
        if (rule.exampleCues.length > 0 && quotedAsExample(text, rule, start, end)) {
          hit.severity = 'LOW';
          hit.message = `${message ?? rule.spec.title}: quoted as an example (reported at LOW)`;
        }
        if (pattern.hasSecretGroup && m.start('secret') >= 0) {
          hit.secretStart = segment.start + m.start('secret');
          hit.secretEnd = segment.start + m.end('secret');
        }
        hits.push(hit);
        seenLines.add(line);
        if (++kept >= rule.maxPerFile) return;
      }
      deadline.check();
    }
  }
}

const isScript = fileTypeMatcher(['@script']);
/** Lines searched back for a section heading or a table header. */
const HEADING_LOOKBACK = 200;

/**
 * The match is written as a quotation (inline code, quotes, a table row, a list item, a block
 * quote) and the surrounding documentation says it is an example: see RuleSpec.example_cues.
 */
function quotedAsExample(text: FileText, rule: CompiledRule, start: number, end: number): boolean {
  // Scripts run; nothing in them is a quotation.
  if (isScript(text.file.path) || end <= start) return false;
  const source = text.file.text;
  const { lines } = text;
  const line = lines.lineOf(start);
  const lineStart = lines.lineStart(line);
  const lead = source.slice(lineStart, lines.lineEnd(line)).trimStart();
  let ticks = 0;
  let quotes = 0;
  for (let i = Math.max(lineStart, start - 2000); i < start; i++) {
    const c = source.charCodeAt(i);
    if (c === 96) ticks++;
    else if (c === 34 || c === 0x201c || c === 0x201d) quotes++;
  }
  const tableRow = lead.startsWith('|');
  // Fenced code is not a quotation: in a skill it is usually what the agent is to run.
  const quoted = ticks % 2 === 1 || quotes % 2 === 1 || tableRow || lead.startsWith('>');
  const listItem = lead.startsWith('- ') || lead.startsWith('* ');
  if (!quoted && !listItem) return false;
  // Where the documentation says what the quoted text is: the section heading, the table header, the file name.
  const framing: string[] = [text.file.path];
  for (let l = line - 1; l >= Math.max(1, line - HEADING_LOOKBACK); l--) {
    const s = lines.lineStart(l);
    if (source.startsWith('#', s)) {
      framing.push(source.slice(s, lines.lineEnd(l)));
      break;
    }
  }
  if (tableRow) {
    let first = line;
    while (first > 1 && first > line - HEADING_LOOKBACK && source.slice(lines.lineStart(first - 1), lines.lineEnd(first - 1)).trimStart().startsWith('|')) first--;
    framing.push(source.slice(lines.lineStart(first), lines.lineEnd(first)));
  }
  const cued = (t: string) => rule.exampleCues.some((cue) => cue.test(t));
  if (cued(framing.join('\n'))) return true;
  // A quotation may also be introduced by the lines just before it; a plain list item may not.
  return quoted && cued(source.slice(lines.lineStart(Math.max(1, line - 3)), lines.lineEnd(line)));
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
  const found: string[] = [];
  for (const group of pack().groups) {
    if (!group.anyMatch(sample)) continue;
    for (const rule of group.rules) {
      if (!BEHAVIOUR_CATEGORIES.has(rule.spec.category) || rule.spec.check || rule.spec.severity === 'INFO' || rule.spec.severity === 'LOW') continue;
      if (rule.anyPattern!.test(sample) && !rule.exclusions.some((x) => x.test(sample))) found.push(rule.spec.id);
    }
  }
  return found;
}
