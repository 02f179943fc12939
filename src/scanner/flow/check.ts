/** The `script-flow` check: each flow rule reports its part of the skill's flow analysis. */
import type { SkillCheck } from '../checks/types.js';
import type { Hit } from '../engine/types.js';
import { skillFlows } from './analyze.js';

const NO_DEADLINE = { check: () => undefined };

export const scriptFlow: SkillCheck = (skill, rule, deadline) => {
  const hits: Hit[] = [];
  for (const script of skillFlows(skill, deadline ?? NO_DEADLINE)) {
    for (const f of script.findings) {
      if (f.rule !== rule.spec.id) continue;
      hits.push({ rule, file: script.path, start: f.start, end: Math.max(f.start + 1, f.end), message: f.message, severity: f.severity });
    }
    if (script.note && script.note.rule === rule.spec.id) {
      const hit: Hit = { rule, file: script.path, message: script.note.message };
      if (script.note.offset >= 0) {
        hit.start = script.note.offset;
        hit.end = script.note.offset + 1;
      } else hit.line = 0;
      hits.push(hit);
    }
  }
  return hits;
};
