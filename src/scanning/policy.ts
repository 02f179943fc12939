import { SEVERITIES, type Severity } from '../scanner/index.js';
import { badRequest } from '../util/app-error.js';
import { checkRuleSettings, type RuleSettings } from './rule-settings.js';

/**
 * What the scanner's verdicts mean for the catalog and for running skills.
 * - `mode`: `off` ignores scans; `warn` marks skills that would be blocked but lets them run;
 *   `block` stops them from being installed or run.
 * - `block_at`: the lowest severity that blocks a flagged skill.
 * - `unscanned`: what happens to skills with no scan result yet, or whose scan failed.
 * - `exclude_flagged_from_catalog`: hide quarantined skills from the catalog unless asked for.
 * - `allow_list_skill_ids`: skill ids (`source:source_id`) or names that the policy never blocks.
 * - `rules`: per rule id, turned off (`disabled: true`) or reported at another `severity`; applied
 *   when a skill is scanned, so changing them rescans the catalog.
 */
export interface QuarantinePolicy {
  mode: 'off' | 'warn' | 'block';
  block_at: 'CRITICAL' | 'HIGH' | 'MEDIUM';
  unscanned: 'allow' | 'warn' | 'block';
  exclude_flagged_from_catalog: boolean;
  allow_list_skill_ids: string[];
  rules: RuleSettings;
}

export interface EffectivePolicy extends QuarantinePolicy {
  updated_at: string | null;
  updated_by: string | null;
}

/**
 * Out of the box only CRITICAL findings (a working attack: `curl | sh`, a reverse shell, a key
 * sent away) block; everything else is shown as a warning, and skills not scanned yet run.
 */
export const DEFAULT_POLICY: QuarantinePolicy = Object.freeze({
  mode: 'block',
  block_at: 'CRITICAL',
  unscanned: 'allow',
  exclude_flagged_from_catalog: false,
  allow_list_skill_ids: [],
  rules: {},
}) as QuarantinePolicy;

const MAX_ALLOW_LIST = 1000;

/** Reads a stored policy leniently: fields it does not know, or values no longer valid, fall back to defaults. */
export function storedPolicy(value: Record<string, unknown>): QuarantinePolicy {
  try {
    // Rules that a newer rule pack no longer has are dropped rather than failing the whole policy.
    return checkPolicy({ ...DEFAULT_POLICY, ...value, rules: checkRuleSettings(value.rules ?? {}, { dropUnknown: true }) });
  } catch {
    return { ...DEFAULT_POLICY };
  }
}

/** Checks a full policy written by an admin; every message says what to send instead. */
export function checkPolicy(input: Record<string, unknown>): QuarantinePolicy {
  const { mode, block_at, unscanned, exclude_flagged_from_catalog, allow_list_skill_ids, rules } = input;
  if (mode !== 'off' && mode !== 'warn' && mode !== 'block') throw badRequest('mode must be "off", "warn" or "block"');
  if (block_at !== 'CRITICAL' && block_at !== 'HIGH' && block_at !== 'MEDIUM') throw badRequest('block_at must be "CRITICAL", "HIGH" or "MEDIUM"');
  if (unscanned !== 'allow' && unscanned !== 'warn' && unscanned !== 'block') throw badRequest('unscanned must be "allow", "warn" or "block"');
  if (typeof exclude_flagged_from_catalog !== 'boolean') throw badRequest('exclude_flagged_from_catalog must be true or false');
  if (!Array.isArray(allow_list_skill_ids) || !allow_list_skill_ids.every((id) => typeof id === 'string' && id.trim() !== '' && id.length <= 300)) {
    throw badRequest('allow_list_skill_ids must be a list of skill ids (source:source_id) or names, each at most 300 characters');
  }
  if (allow_list_skill_ids.length > MAX_ALLOW_LIST) throw badRequest(`allow_list_skill_ids holds ${allow_list_skill_ids.length} entries; the limit is ${MAX_ALLOW_LIST}`);
  return { mode, block_at, unscanned, exclude_flagged_from_catalog, allow_list_skill_ids: [...new Set(allow_list_skill_ids.map((id) => id.trim()))], rules: checkRuleSettings(rules ?? {}) };
}

/** True when `severity` is `threshold` or more severe. */
export function atLeast(severity: string | null, threshold: Severity): boolean {
  if (severity === null) return false;
  const rank = SEVERITIES.indexOf(severity as Severity);
  return rank >= 0 && rank <= SEVERITIES.indexOf(threshold);
}
