import { CHECKS } from './checks/registry.js';
import { expandContainers } from './containers/index.js';
import { pack } from './engine/compile.js';
import { byteSize } from './engine/decode.js';
import { BudgetExceeded, Deadline } from './engine/deadline.js';
import { summarise, toFinding } from './engine/findings.js';
import { LineIndex } from './engine/lines.js';
import { LiteralHits, matchFile } from './engine/match.js';
import { buildSkillView } from './engine/skill-view.js';
import type { CompiledRule, Hit, SkillView } from './engine/types.js';
import { DEFAULT_SCAN_LIMITS } from './limits.js';
import { supersedeProximityFindings } from './flow/supersede.js';
import { RULE_PACK_VERSION } from './rules/index.js';
import type { Finding, ScanInput, ScanLimits, ScanResult } from './types.js';


function formatBytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * Scans one skill with the built-in rule pack. Synchronous and bounded: size limits are checked
 * before any content is read, matching is linear in the input (RE2), and a time budget is
 * enforced between units of work. Over a limit the verdict is `error`, with the reason in `errors`.
 */
export function scanSkill(input: ScanInput, limits?: Partial<ScanLimits>): ScanResult {
  const started = performance.now();
  const limit = { ...DEFAULT_SCAN_LIMITS, ...limits };
  const stats = (bytes: number) => ({ files_scanned: 0, bytes_scanned: bytes, duration_ms: performance.now() - started, rule_pack_version: RULE_PACK_VERSION });

  const sizes = input.files.map((f) => byteSize(f.content, limit.maxFileBytes));
  const tooBig = input.files.flatMap((f, i) =>
    sizes[i]! > limit.maxFileBytes ? [`${f.path}: file is ${formatBytes(sizes[i]!)}; the scanner's limit is ${formatBytes(limit.maxFileBytes)} per file`] : [],
  );
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total > limit.maxTotalBytes) tooBig.push(`skill is ${formatBytes(total)} in ${input.files.length} files; the scanner's limit is ${formatBytes(limit.maxTotalBytes)} per skill`);
  if (tooBig.length > 0) return summarise([], tooBig, true, stats(0));

  // The pack compiles once per process; that cost is not this skill's, so it stays out of the budget.
  pack();
  const deadline = new Deadline(limit.timeoutMs);
  const notes: string[] = [];
  const findings: Finding[] = [];
  let filesScanned = 0;
  let bytesScanned = 0;
  try {
    const skill = buildSkillView(input, sizes, notes);
    expandContainers(skill, input.files, limit, notes, deadline);
    const lineCache = new Map<string, { text: string; lines: LineIndex } | null>();
    const linesOf = (path: string) => {
      if (!lineCache.has(path)) {
        const file = skill.files.find((f) => f.path === path);
        lineCache.set(path, file && file.kind === 'text' ? { text: file.text, lines: new LineIndex(file.text) } : null);
      }
      return lineCache.get(path)!;
    };
    const collect = (hits: Hit[]) => findings.push(...hits.map((hit) => toFinding(hit, linesOf)));
    const active = (rule: CompiledRule) => !(rule.spec.check && CHECKS[rule.spec.check]?.irrelevant?.(skill));

    for (const file of skill.files) {
      if (file.kind !== 'text') continue;
      collect(matchFile(file, skill, deadline, active));
      filesScanned++;
      bytesScanned += file.bytes;
    }
    collect(matchDescription(skill));
    for (const rule of pack().rules) {
      const check = rule.spec.check ? CHECKS[rule.spec.check] : undefined;
      if (check?.skill && active(rule)) collect(check.skill(skill, rule, deadline));
      deadline.check();
    }
    // In scripts the flow analysis read whole, its answer replaces the line rules' proximity guesses.
    findings.splice(0, findings.length, ...supersedeProximityFindings(findings, skill));
  } catch (err) {
    if (!(err instanceof BudgetExceeded)) throw err;
    return summarise(findings, [err.message, ...notes], true, { ...stats(bytesScanned), files_scanned: filesScanned });
  }
  return summarise(findings, notes, false, { ...stats(bytesScanned), files_scanned: filesScanned });
}

/** Runs the description rules over the manifest's description, reported at its line in the skill file. */
function matchDescription(skill: SkillView): Hit[] {
  const description = skill.manifest?.description;
  if (!description || !skill.skillFile) return [];
  const file = skill.files.find((f) => f.path === skill.skillFile);
  const text = file?.kind === 'text' ? file.text : '';
  const at = text.startsWith('description:') ? 0 : text.indexOf('\ndescription:');
  const line = at === -1 ? 0 : text.slice(0, at === 0 ? 0 : at + 1).split('\n').length;
  const hits: Hit[] = [];
  const literals = new LiteralHits(description);
  for (const rule of pack().descriptionRules) {
    const pattern = rule.patterns.find((p) => literals.mayMatch(p) && p.re.test(description));
    if (!pattern) continue;
    const m = pattern.re.matches(description).next();
    const matched = m.done ? description.slice(0, 80) : description.slice(m.value.start, m.value.end);
    hits.push({ rule, file: skill.skillFile, line, message: `${rule.spec.title}: "${matched.length > 80 ? `${matched.slice(0, 80)}…` : matched}"` });
  }
  return hits;
}

/** The result for a skill that could not be read (a file over the size limit, an unreadable folder). */
export function unreadableResult(errors: string[]): ScanResult {
  return summarise([], errors, true, { files_scanned: 0, bytes_scanned: 0, duration_ms: 0, rule_pack_version: RULE_PACK_VERSION });
}
