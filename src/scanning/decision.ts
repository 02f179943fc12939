import { AppError } from '../util/app-error.js';
import { atLeast, type QuarantinePolicy } from './policy.js';

export type ScanStatus = 'passed' | 'flagged' | 'unscanned' | 'error';

/** What the policy makes of one skill version: shown on catalog items and checked before use. */
export interface QuarantineDecision {
  scan_status: ScanStatus;
  max_severity: string | null;
  /** The policy would block it (in `warn` mode it still runs, with a warning). */
  quarantined: boolean;
  runnable: boolean;
  /** Why it may not be installed or run; null when it may. */
  blocked_reason: string | null;
  /** Why it is quarantined while still runnable (`warn` mode), or why the policy lets it through. */
  note: string | null;
}

export interface DecisionInput {
  id: string;
  name: string;
  scan_status: ScanStatus;
  max_severity: string | null;
  /** The reason of an admin override that covers this exact content, if any. */
  override: string | null;
}

/** Applies the policy to one skill version. Pure: the same inputs always give the same decision. */
export function decide(policy: QuarantinePolicy, input: DecisionInput): QuarantineDecision {
  const base = { scan_status: input.scan_status, max_severity: input.max_severity };
  const free = (note: string | null = null): QuarantineDecision => ({ ...base, quarantined: false, runnable: true, blocked_reason: null, note });
  if (policy.mode === 'off') return free();

  let reason: string | null = null;
  let warnOnly = false;
  if (input.scan_status === 'flagged' && atLeast(input.max_severity, policy.block_at)) {
    reason = `the security scan found ${input.max_severity} findings (the policy blocks ${policy.block_at} and above)`;
  } else if (input.scan_status === 'unscanned' || input.scan_status === 'error') {
    const what = input.scan_status === 'unscanned' ? 'it has not been scanned yet' : 'its security scan could not complete';
    if (policy.unscanned === 'block') reason = `${what} (the policy blocks unscanned skills)`;
    else if (policy.unscanned === 'warn') {
      reason = what;
      warnOnly = true;
    }
  }
  if (reason === null) return free();
  if (policy.allow_list_skill_ids.includes(input.id) || policy.allow_list_skill_ids.includes(input.name)) return free(`allow-listed by the quarantine policy although ${reason}`);
  if (input.override !== null) return free(`allowed by an admin override ("${input.override}") although ${reason}`);
  if (policy.mode === 'warn' || warnOnly) return { ...base, quarantined: true, runnable: true, blocked_reason: null, note: `Quarantine warning: ${reason}` };
  return { ...base, quarantined: true, runnable: false, blocked_reason: `Skill ${input.name} is quarantined: ${reason}. An admin can review it and add an override.`, note: null };
}

/** The 403 for a skill the policy blocks: fetching it to install, or running it. */
export function quarantinedError(decision: QuarantineDecision): AppError {
  return new AppError(403, 'skill_quarantined', decision.blocked_reason ?? 'Skill is quarantined', {
    message: 'An admin can review its findings (GET /api/skills/scan-results?name=...) and allow it with POST /api/skills/scan-override.',
    scan_status: decision.scan_status,
    max_severity: decision.max_severity,
  });
}
