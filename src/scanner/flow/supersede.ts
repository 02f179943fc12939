/**
 * In a script the flow analysis has read whole, its answer replaces the line rules' guesses that
 * a secret source and a network send "near each other" are one flow. Those findings are kept,
 * at LOW, so a reviewer still sees them; a real flow is reported by `flow.secret-to-network`.
 */
import type { SkillView } from '../engine/types.js';
import type { Finding } from '../types.js';
import { analysedScripts } from './analyze.js';

/** Line rules that guess a flow from a source and a send written close together. */
export const PROXIMITY_RULES = new Set(['de-environment-sent', 'de-secret-source-and-sink']);

const RANK = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3, INFO: 4 } as const;

export function supersedeProximityFindings(findings: Finding[], skill: SkillView): Finding[] {
  const read = analysedScripts(skill);
  if (read.size === 0) return findings;
  return findings.map((f) => {
    if (!PROXIMITY_RULES.has(f.rule_id) || !read.has(f.file_path) || RANK[f.severity] > RANK.LOW) return f;
    return { ...f, severity: 'LOW', message: `${f.message} (the data-flow analysis of this script found no such flow; reported at LOW)` };
  });
}
