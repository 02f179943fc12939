import type { Regex } from './regex.js';
import type { SkillManifest } from '../../format/index.js';
import type { RuleSpec } from '../rules/index.js';
import type { FindingContext, Severity } from '../types.js';
import type { FileTypeMatcher } from './file-types.js';

/** A rule of the pack with its patterns compiled. */
export interface CompiledRule {
  spec: RuleSpec;
  /** Position in the pack; also the SARIF rule index. */
  index: number;
  patterns: CompiledPattern[];
  /** All patterns as one alternation: one linear pass says whether any of them occurs. */
  anyPattern: Regex | null;
  exclusions: Regex[];
  requires: Regex[];
  appliesTo: FileTypeMatcher;
  maxPerFile: number;
}

/** Anything the engine searches a text for: a pattern, or a rule's prefilter. */
export interface Searchable {
  re: Regex;
  /**
   * Literals every match contains, as ids into the pack's literal set: one id of each list must
   * occur in the text. Null when the pattern requires no usable literal.
   */
  requirement: Int32Array[] | null;
  /**
   * Most line gaps (whitespace runs holding line breaks) a match can cross; Infinity when
   * unbounded or when the pattern reads the ends of the text. With a bound, the pattern needs to
   * run only on the lines around its literals (see windows.ts).
   */
  maxLineGaps: number;
}

export interface CompiledPattern extends Searchable {
  rule: CompiledRule;
  /** Position among the rule's patterns. */
  index: number;
  source: string;
  /** The pattern names a `secret` group: mask that instead of the whole match. */
  hasSecretGroup: boolean;
}

/** A file of the skill as the rules see it. */
export type SkillFileView = TextFileView | OpaqueFileView;

export interface TextFileView {
  kind: 'text';
  path: string;
  text: string;
  bytes: number;
}

/** A file that is not scanned as text: an archive, an executable, or a media asset. */
export interface OpaqueFileView {
  kind: 'archive' | 'executable' | 'media';
  path: string;
  /** What the magic bytes say it is, e.g. `zip`, `ELF`, `PNG image`. */
  format: string;
  bytes: number;
}

export interface SkillView {
  name: string;
  /** Path of the skill file (`SKILL.md`, or the flat `<name>.md`), when there is one. */
  skillFile: string | null;
  files: SkillFileView[];
  /** The manifest as given, parsed, or read leniently; null when the frontmatter is unreadable. */
  manifest: SkillManifest | null;
  /** Why the manifest is null. */
  manifestProblem: string | null;
}

/** Something a rule found, before it becomes a Finding. Offsets are into the file's text. */
export interface Hit {
  rule: CompiledRule;
  file: string;
  start?: number;
  end?: number;
  /** Part of [start, end) to mask in the snippet. */
  secretStart?: number;
  secretEnd?: number;
  /** Used when there are no offsets: 1-based line, or 0 for the whole file. */
  line?: number;
  /** What was found; when absent the finding says the rule's title and quotes the match. */
  message?: string;
  /** Set when the text around the match documents the attack (see RuleSpec.judge_context). */
  severity?: Severity;
  context?: FindingContext;
}
