import { createHash } from 'node:crypto';
import { RULE_PACK, SEVERITIES, withFindings, type Finding, type ScanResult, type Severity } from '../scanner/index.js';
import { badRequest } from '../util/app-error.js';

/** What the quarantine policy changes about one rule: turned off, or reported at another severity. */
export interface RuleSetting {
  disabled?: boolean;
  severity?: Severity;
}

/** Per rule id. */
export type RuleSettings = Record<string, RuleSetting>;

const MAX_RULE_SETTINGS = 500;
const KNOWN = new Set(RULE_PACK.map((rule) => rule.id));

/**
 * Checks the `rules` of a policy an admin writes: each key a rule id of the current rule pack, each
 * value `{disabled: true}` and/or `{severity}`. With `dropUnknown`, entries naming rules the pack no
 * longer has are left out (a stored policy read after an upgrade) instead of refused.
 */
export function checkRuleSettings(input: unknown, options: { dropUnknown?: boolean } = {}): RuleSettings {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw badRequest('rules must be an object keyed by rule id, e.g. {"ci-sudo": {"disabled": true}, "ci-pipe-to-shell-vendor": {"severity": "HIGH"}}');
  }
  const entries = Object.entries(input as Record<string, unknown>);
  if (entries.length > MAX_RULE_SETTINGS) throw badRequest(`rules names ${entries.length} rules; the limit is ${MAX_RULE_SETTINGS}`);
  const settings: RuleSettings = {};
  for (const [id, value] of entries) {
    if (!KNOWN.has(id)) {
      if (options.dropUnknown) continue;
      throw badRequest(`rules: unknown rule id ${JSON.stringify(id.slice(0, 100))}; use the rule_id of a finding (every rule is listed in docs/scanner.md)`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw badRequest(`rules.${id} must be an object such as {"disabled": true} or {"severity": "LOW"}`);
    const { disabled, severity, ...rest } = value as Record<string, unknown>;
    const extra = Object.keys(rest);
    if (extra.length > 0) throw badRequest(`rules.${id}: unknown field ${extra[0]}; a rule takes disabled and severity`);
    if (disabled !== undefined && typeof disabled !== 'boolean') throw badRequest(`rules.${id}.disabled must be true or false`);
    if (severity !== undefined && !SEVERITIES.includes(severity as Severity)) throw badRequest(`rules.${id}.severity must be one of ${SEVERITIES.join(', ')}`);
    if (disabled !== true && severity === undefined) continue;
    settings[id] = { ...(disabled === true ? { disabled: true } : {}), ...(severity !== undefined ? { severity: severity as Severity } : {}) };
  }
  return settings;
}

/**
 * The rule pack version a result must carry to be current under these settings: the pack's own,
 * plus a digest of the settings (and a mark for an external analyzer) when there are any, so that
 * changing them makes every stored result stale and the catalog is scanned again.
 */
export function effectiveRulePackVersion(base: string, settings: RuleSettings, external: boolean): string {
  const ids = Object.keys(settings).sort();
  const parts = [base];
  if (ids.length > 0) {
    const canonical = JSON.stringify(ids.map((id) => [id, settings[id]!.disabled === true, settings[id]!.severity ?? null]));
    parts.push(`rules.${createHash('sha256').update(canonical).digest('hex').slice(0, 12)}`);
  }
  if (external) parts.push('external');
  return parts.join('+');
}

/** A result with the settings applied: findings of disabled rules left out, others at their set severity. */
export function applyRuleSettings(result: ScanResult, settings: RuleSettings): ScanResult {
  if (Object.keys(settings).length === 0) return result;
  const findings: Finding[] = [];
  for (const finding of result.findings) {
    const setting = settings[finding.rule_id];
    if (setting?.disabled) continue;
    findings.push(setting?.severity !== undefined && setting.severity !== finding.severity ? { ...finding, severity: setting.severity, policy_severity_from: finding.severity } : finding);
  }
  return withFindings(result, findings);
}
