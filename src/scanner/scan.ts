import { SEVERITIES, type ScanInput, type ScanLimits, type ScanResult, type Severity } from './types.js';

/** Placeholder until the rule engine lands: reports every skill as passed with no findings. */
export function scanSkill(input: ScanInput, _limits?: Partial<ScanLimits>): ScanResult {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  return { verdict: 'passed', max_severity: null, counts, findings: [], errors: [], files_scanned: input.files.length, bytes_scanned: 0, duration_ms: 0, rule_pack_version: '0' };
}
