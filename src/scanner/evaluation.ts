import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadSkills, type LoadedSkill } from './load.js';
import { scanSkill, unreadableResult } from './scan.js';
import { RULE_CATEGORIES, SEVERITIES, type Finding, type RuleCategory, type ScanResult, type Severity } from './types.js';

/**
 * Measures the rule pack against the labelled cases under test/scanner-cases and the real-world
 * skills under test/corpus (all benign). Shared by `npm run eval:scanner` and the test that
 * holds the pack to its targets.
 */
export const TARGETS = { minRecall: 0.95, maxFalsePositiveRate: 0.05 };

export interface EvalCase {
  id: string;
  kind: 'malicious' | 'benign';
  /** The labelled category of a malicious case; the category a benign case comes close to. */
  category: string;
  note: string;
  /**
   * `original`: the cases the rules were written against; `holdout`: cases written without sight
   * of the rules, measuring how the scanner does on skills nobody tuned it on; `corpus`: the
   * real-world skills.
   */
  set: string;
  result: ScanResult;
}

export interface CategoryRow {
  category: string;
  malicious: number;
  /** Malicious cases of the category with a MEDIUM+ finding of the category. */
  caught: number;
  recall: number | null;
  /** Cases with a MEDIUM+ finding of the category, and how many of them are malicious. */
  withFinding: number;
  withFindingMalicious: number;
  precision: number | null;
  benignNear: number;
  falsePositives: number;
  falsePositiveRate: number | null;
}

export interface EvalReport {
  cases: EvalCase[];
  rows: CategoryRow[];
  malicious: number;
  detected: number;
  recall: number;
  benign: number;
  falsePositives: number;
  falsePositiveRate: number;
  /** Benign cases flagged (a MEDIUM+ finding): reviewed by a person, but not a false alarm at HIGH. */
  benignFlagged: number;
  /** Of all flagged cases, the share that is malicious. */
  precision: number | null;
  misses: EvalCase[];
  falsePositiveCases: EvalCase[];
  notes: string[];
  pass: boolean;
  /** The same figures for each set of cases on its own. */
  sets: Record<string, EvalReport>;
}

const RANK = new Map<Severity, number>(SEVERITIES.map((s, i) => [s, i]));
const atLeast = (f: Finding, severity: Severity) => RANK.get(f.severity)! <= RANK.get(severity)!;

export async function evaluate(repoRoot: string): Promise<EvalReport> {
  const notes: string[] = [];
  const cases: EvalCase[] = [];
  const casesDir = path.join(repoRoot, 'test', 'scanner-cases');
  for (const kind of ['malicious', 'benign'] as const) {
    const dir = path.join(casesDir, kind);
    if (!existsSync(dir)) {
      notes.push(`${path.relative(repoRoot, dir)} not found; no ${kind} cases`);
      continue;
    }
    for (const id of readdirSync(dir).sort()) {
      const caseDir = path.join(dir, id);
      if (!statSync(caseDir).isDirectory()) continue;
      const label = readLabel(path.join(caseDir, 'case.json'), kind, notes, id);
      if (!label) continue;
      const { skills, problems } = await loadSkills([caseDir], { exclude: (p) => p === 'case.json' });
      if (skills.length === 0) notes.push(`${kind}/${id}: no skill found${problems.length ? ` (${problems.join('; ')})` : ''}`);
      cases.push({ id: `${kind}/${id}`, kind, ...label, result: combine(skills.map(scanLoaded)) });
    }
  }

  const corpus = path.join(repoRoot, 'test', 'corpus');
  const { skills } = await loadSkills([corpus]);
  const covered = new Set<string>();
  for (const skill of skills) {
    for (const f of skill.files) covered.add(path.join(skill.root, f.path));
    cases.push({ id: `corpus/${path.relative(corpus, path.join(skill.root, skill.files.length === 1 && !skill.files[0]!.path.includes('/') && skill.files[0]!.path !== 'SKILL.md' ? skill.files[0]!.path : ''))}`, kind: 'benign', category: 'corpus', note: 'real-world skill', set: 'corpus', result: scanLoaded(skill) });
  }
  // Files that are not part of a skill (the corpus README, licences) are scanned on their own.
  for (const file of listFiles(corpus)) {
    if (covered.has(file)) continue;
    const { skills: single } = await loadSkills([file]);
    for (const skill of single) cases.push({ id: `corpus/${path.relative(corpus, file)}`, kind: 'benign', category: 'corpus', note: 'real-world file', set: 'corpus', result: scanLoaded(skill) });
  }
  const report = summarise(cases, notes);
  for (const set of [...new Set(cases.map((c) => c.set))].sort()) report.sets[set] = summarise(cases.filter((c) => c.set === set), []);
  return report;
}

function readLabel(file: string, kind: 'malicious' | 'benign', notes: string[], id: string): { category: string; note: string; set: string } | null {
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as { category?: unknown; near?: unknown; note?: unknown; set?: unknown };
    const category = kind === 'malicious' ? json.category : json.near;
    if (typeof category !== 'string') {
      notes.push(`${kind}/${id}: case.json has no "${kind === 'malicious' ? 'category' : 'near'}"; skipped`);
      return null;
    }
    if (!(RULE_CATEGORIES as readonly string[]).includes(category)) notes.push(`${kind}/${id}: unknown category "${category}"`);
    return { category, note: typeof json.note === 'string' ? json.note : '', set: typeof json.set === 'string' ? json.set : 'original' };
  } catch {
    notes.push(`${kind}/${id}: no readable case.json; skipped`);
    return null;
  }
}

function scanLoaded(skill: LoadedSkill): ScanResult {
  return skill.problems.length > 0 ? unreadableResult(skill.problems) : scanSkill({ name: skill.name, files: skill.files });
}

/** One result for a case that holds several skills: all findings, the worst verdict. */
function combine(results: ScanResult[]): ScanResult {
  if (results.length === 1) return results[0]!;
  const verdict = results.some((r) => r.verdict === 'error') ? 'error' : results.some((r) => r.verdict === 'flagged') ? 'flagged' : 'passed';
  const findings = results.flatMap((r) => r.findings);
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length])) as Record<Severity, number>;
  return {
    verdict,
    max_severity: SEVERITIES.find((s) => counts[s] > 0) ?? null,
    counts,
    findings,
    errors: results.flatMap((r) => r.errors),
    files_scanned: results.reduce((n, r) => n + r.files_scanned, 0),
    bytes_scanned: results.reduce((n, r) => n + r.bytes_scanned, 0),
    duration_ms: results.reduce((n, r) => n + r.duration_ms, 0),
    rule_pack_version: results[0]?.rule_pack_version ?? '',
  };
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}

const ratio = (n: number, d: number) => (d === 0 ? null : n / d);

export function summarise(cases: EvalCase[], notes: string[]): EvalReport {
  const malicious = cases.filter((c) => c.kind === 'malicious');
  const benign = cases.filter((c) => c.kind === 'benign');
  const hasCategory = (c: EvalCase, category: string) => c.result.findings.some((f) => f.category === category && atLeast(f, 'MEDIUM'));
  const isFalsePositive = (c: EvalCase) => c.result.findings.some((f) => atLeast(f, 'HIGH'));
  const categories = [...RULE_CATEGORIES, ...new Set(cases.map((c) => c.category).filter((c) => !(RULE_CATEGORIES as readonly string[]).includes(c)))];
  const rows: CategoryRow[] = categories.map((category) => {
    const mine = malicious.filter((c) => c.category === category);
    const caught = mine.filter((c) => hasCategory(c, category)).length;
    const withFinding = cases.filter((c) => hasCategory(c, category));
    const near = benign.filter((c) => c.category === category);
    const fps = near.filter(isFalsePositive).length;
    return {
      category,
      malicious: mine.length,
      caught,
      recall: ratio(caught, mine.length),
      withFinding: withFinding.length,
      withFindingMalicious: withFinding.filter((c) => c.kind === 'malicious').length,
      precision: ratio(withFinding.filter((c) => c.kind === 'malicious').length, withFinding.length),
      benignNear: near.length,
      falsePositives: fps,
      falsePositiveRate: ratio(fps, near.length),
    };
  });
  const detected = malicious.filter((c) => c.result.verdict === 'flagged').length;
  const falsePositiveCases = benign.filter(isFalsePositive);
  const recall = ratio(detected, malicious.length) ?? 1;
  const falsePositiveRate = ratio(falsePositiveCases.length, benign.length) ?? 0;
  const benignFlagged = benign.filter((c) => c.result.verdict === 'flagged').length;
  return {
    cases,
    rows: rows.filter((r) => r.malicious > 0 || r.benignNear > 0 || r.withFinding > 0),
    malicious: malicious.length,
    detected,
    recall,
    benign: benign.length,
    falsePositives: falsePositiveCases.length,
    falsePositiveRate,
    benignFlagged,
    precision: ratio(detected, detected + benignFlagged),
    misses: malicious.filter((c) => c.result.verdict !== 'flagged' || !hasCategory(c, c.category)),
    falsePositiveCases,
    notes,
    pass: recall >= TARGETS.minRecall && falsePositiveRate <= TARGETS.maxFalsePositiveRate,
    sets: {},
  };
}

const pct = (v: number | null) => (v === null ? '-' : `${(v * 100).toFixed(1)}%`);

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')).join('\n');
}

function ruleIds(c: EvalCase, min: Severity): string {
  const ids = [...new Set(c.result.findings.filter((f) => atLeast(f, min)).map((f) => `${f.rule_id}(${f.severity})`))];
  return ids.length ? ids.join(', ') : 'no finding';
}

export function formatReport(report: EvalReport): string {
  const lines: string[] = [];
  lines.push(
    table([
      ['category', 'malicious', 'caught', 'recall', 'precision', 'benign near', 'FP HIGH+', 'FP rate'],
      ...report.rows.map((r) => [r.category, String(r.malicious), String(r.caught), pct(r.recall), `${pct(r.precision)} (${r.withFindingMalicious}/${r.withFinding})`, String(r.benignNear), String(r.falsePositives), pct(r.falsePositiveRate)]),
    ]),
  );
  lines.push('');
  lines.push(`overall: ${report.detected}/${report.malicious} malicious cases flagged (recall ${pct(report.recall)}, target ≥ ${pct(TARGETS.minRecall)})`);
  lines.push(`         ${report.falsePositives}/${report.benign} benign cases with a HIGH or CRITICAL finding (false-positive rate ${pct(report.falsePositiveRate)}, target ≤ ${pct(TARGETS.maxFalsePositiveRate)})`);
  lines.push(`         ${report.benignFlagged}/${report.benign} benign cases flagged at MEDIUM or above; precision of "flagged" ${pct(report.precision)} (${report.detected}/${report.detected + report.benignFlagged})`);
  lines.push('');
  lines.push(`misses (${report.misses.length}): malicious cases not flagged, or without a MEDIUM+ finding of their own category`);
  for (const c of report.misses) lines.push(`  ${c.id} [${c.category}, ${c.set}] verdict ${c.result.verdict}: ${ruleIds(c, 'LOW')}`);
  lines.push('');
  lines.push(`false positives (${report.falsePositiveCases.length}): benign cases with a HIGH+ finding`);
  for (const c of report.falsePositiveCases) lines.push(`  ${c.id} [near ${c.category}, ${c.set}]: ${ruleIds(c, 'HIGH')}`);
  const sets = Object.entries(report.sets);
  if (sets.length > 1) {
    lines.push('');
    lines.push('by set:');
    for (const [set, r] of sets) {
      const recall = r.malicious > 0 ? `recall ${pct(r.recall)} (${r.detected}/${r.malicious})` : 'no malicious cases';
      lines.push(`  ${set.padEnd(9)} ${recall}, HIGH+ false positives ${pct(r.falsePositiveRate)} (${r.falsePositives}/${r.benign}) ${r.pass ? 'PASS' : 'FAIL'}`);
    }
  }
  if (report.notes.length) {
    lines.push('');
    lines.push('notes:');
    for (const n of report.notes) lines.push(`  ${n}`);
  }
  lines.push('');
  lines.push(report.pass ? 'PASS' : 'FAIL');
  return lines.join('\n');
}
