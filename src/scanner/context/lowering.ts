import type { LineIndex } from '../engine/lines.js';
import type { Hit, SkillView, TextFileView } from '../engine/types.js';
import type { FindingContext, Severity } from '../types.js';
import { judgeContext } from './judge.js';

/** What a reviewer reads in the finding's message for each context. */
export const CONTEXT_REASON: Record<FindingContext, string> = {
  negated: 'the text says not to do this',
  'described-attack': 'the text describes this as an attack or looks for it',
  'detection-skill': 'quoted without an instruction in a skill whose declared purpose is detection or teaching',
};

/**
 * The severity a documented match is reported at. Explicit documentation (negated, described)
 * takes it to LOW; a detection or teaching skill's purpose alone, a weaker sign, to MEDIUM. A
 * CRITICAL rule never goes below MEDIUM: a working attack quoted in a warning still gets a look.
 */
export function loweredSeverity(severity: Severity, context: FindingContext): Severity {
  if (severity === 'LOW' || severity === 'INFO') return severity;
  if (severity === 'CRITICAL') return 'MEDIUM';
  return context === 'detection-skill' ? 'MEDIUM' : 'LOW';
}

/** Judges the text around a hit of a rule with `judge_context` and, when it documents the attack, lowers the hit. */
export function documented(hit: Hit, file: TextFileView, lines: LineIndex, skill: SkillView, start: number, end: number): void {
  const severity = hit.rule.spec.severity;
  if (severity === 'LOW' || severity === 'INFO') return;
  const context = judgeContext(file, lines, skill, start, end);
  if (context === null) return;
  const lowered = loweredSeverity(severity, context);
  hit.context = context;
  hit.severity = lowered;
}

/** The note a lowered finding's message ends with. */
export function contextNote(context: FindingContext, ruleSeverity: Severity, reported: Severity): string {
  return ` (documentation, not an instruction: ${CONTEXT_REASON[context]}; ${ruleSeverity === reported ? `reported at ${reported}` : `a ${ruleSeverity} rule, reported at ${reported}`})`;
}
