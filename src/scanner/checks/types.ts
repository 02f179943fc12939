import type { LineIndex } from '../engine/lines.js';
import type { CompiledRule, Hit, SkillView, TextFileView } from '../engine/types.js';

/** One pattern match, offered to a rule's confirm check. */
export interface MatchContext {
  skill: SkillView;
  file: TextFileView;
  lines: LineIndex;
  /** Offsets of the match in the file's text. */
  start: number;
  end: number;
  matched: string;
  /** The match's line(s), clipped around it. */
  context: string;
  /** Ids of the content rules (outside obfuscation) whose patterns match `text`: for decoded payloads. */
  rulesMatching(text: string): string[];
  /** Whether the match sits in code: a script file, a fenced or indented code block, or an inline code span. */
  inCode(): boolean;
}

/** `false` drops the match; `true` or an object keeps it (optionally with a more specific message). */
export type ConfirmCheck = (match: MatchContext) => boolean | { message: string };

/** A check over the whole skill, for rules that are not a pattern. Long checks consult the scan's deadline. */
export type SkillCheck = (skill: SkillView, rule: CompiledRule, deadline?: { check(): void }) => Hit[];

export interface CheckDefinition {
  confirm?: ConfirmCheck;
  skill?: SkillCheck;
  /** When true the rule cannot fire for this skill, so its patterns are not even run. */
  irrelevant?: (skill: SkillView) => boolean;
}
