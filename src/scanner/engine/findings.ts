import { contextNote } from '../context/lowering.js';
import { SEVERITIES, type Finding, type ScanResult, type Severity } from '../types.js';
import type { LineIndex } from './lines.js';
import { matchExcerpt, snippetAt } from './snippet.js';
import type { Hit } from './types.js';

const RANK = new Map<Severity, number>(SEVERITIES.map((s, i) => [s, i]));

/** Turns a hit into a finding: position, masked snippet, message. `linesOf` gives a file's text and line index. */
export function toFinding(hit: Hit, linesOf: (path: string) => { text: string; lines: LineIndex } | null): Finding {
  const spec = hit.rule.spec;
  const base = { rule_id: spec.id, category: spec.category, severity: hit.severity ?? spec.severity, title: spec.title, file_path: hit.file, remediation: spec.remediation, ...(hit.context ? { context: hit.context } : {}) };
  const note = hit.context ? contextNote(hit.context, spec.severity, base.severity) : '';
  const source = linesOf(hit.file);
  if (hit.start === undefined || hit.end === undefined || source === null) {
    const line = hit.line ?? 0;
    const snippet = source && line > 0 ? snippetAt(source.text, source.lines, source.lines.lineStart(line), source.lines.lineStart(line)) : '';
    return { ...base, message: (hit.message ?? spec.title) + note, line, column: line > 0 ? 1 : 0, snippet };
  }
  const secret: [number, number] | undefined =
    hit.secretStart !== undefined && hit.secretEnd !== undefined ? [hit.secretStart, hit.secretEnd] : spec.mask ? [hit.start, hit.end] : undefined;
  const { line, column } = source.lines.position(hit.start);
  return {
    ...base,
    message: (hit.message ?? `${spec.title}: "${matchExcerpt(source.text, hit.start, hit.end, secret)}"`) + note,
    line,
    column,
    snippet: snippetAt(source.text, source.lines, hit.start, hit.end, secret),
  };
}

/** Most severe first, then by file, line and column, then rule id. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      RANK.get(a.severity)! - RANK.get(b.severity)! ||
      (a.file_path < b.file_path ? -1 : a.file_path > b.file_path ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.rule_id < b.rule_id ? -1 : a.rule_id > b.rule_id ? 1 : 0),
  );
}

export function summarise(
  findings: Finding[],
  errors: string[],
  failed: boolean,
  stats: { files_scanned: number; bytes_scanned: number; duration_ms: number; rule_pack_version: string },
): ScanResult {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) counts[f.severity]++;
  const max = SEVERITIES.find((s) => counts[s] > 0) ?? null;
  const flagged = findings.some((f) => RANK.get(f.severity)! <= RANK.get('MEDIUM')!);
  return {
    verdict: failed ? 'error' : flagged ? 'flagged' : 'passed',
    max_severity: max,
    counts,
    findings: sortFindings(findings),
    errors,
    ...stats,
  };
}

/** The same scan with other findings (the policy's rule settings, an external analyzer's): verdict, counts and order recomputed. */
export function withFindings(result: ScanResult, findings: Finding[]): ScanResult {
  const { files_scanned, bytes_scanned, duration_ms, rule_pack_version } = result;
  return summarise(findings, result.errors, result.verdict === 'error', { files_scanned, bytes_scanned, duration_ms, rule_pack_version });
}
