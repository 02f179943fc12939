import type { ScanResult, Severity } from './types.js';
import { SEVERITIES } from './types.js';

/** One skill as the CLI scanned it. */
export interface ScannedSkill {
  name: string;
  /** Where the skill is, as shown to the user. */
  path: string;
  /** Folder finding paths are relative to, as shown to the user. */
  root: string;
  result: ScanResult;
}

const MESSAGE_WIDTH = 100;

function cut(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n');
}

function located(root: string, file: string, line: number, column: number): string {
  const where = root && root !== '.' ? `${root}/${file}` : file;
  return line > 0 ? `${where}:${line}:${column}` : where;
}

/** A readable report: per skill its verdict and findings (most severe first), then a summary line. */
export function formatScanTable(skills: ScannedSkill[]): string {
  const out: string[] = [];
  const totals = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const verdicts = { passed: 0, flagged: 0, error: 0 };
  for (const skill of skills) {
    const r = skill.result;
    verdicts[r.verdict]++;
    for (const s of SEVERITIES) totals[s] += r.counts[s];
    const worst = r.max_severity ? `, worst ${r.max_severity}` : '';
    out.push(`${r.verdict.toUpperCase().padEnd(7)} ${skill.path} (${r.findings.length} finding${r.findings.length === 1 ? '' : 's'}${worst})`);
    for (const e of r.errors) out.push(`        ${r.verdict === 'error' ? 'error' : 'note'}: ${e}`);
    if (r.findings.length > 0) {
      const rows = r.findings.map((f) => [`        ${f.severity}`, f.rule_id, located(skill.root, f.file_path, f.line, f.column), cut(f.message, MESSAGE_WIDTH)]);
      out.push(table(rows));
    }
  }
  const counts = SEVERITIES.filter((s) => totals[s] > 0).map((s) => `${totals[s]} ${s}`);
  out.push('');
  out.push(
    `${skills.length} skill(s) scanned: ${verdicts.flagged} flagged, ${verdicts.passed} passed, ${verdicts.error} could not be scanned` +
      (counts.length ? `; findings: ${counts.join(', ')}` : '; no findings'),
  );
  return out.join('\n') + '\n';
}
