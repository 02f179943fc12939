import type { QuarantineDecision } from '../scanning/decision.js';

/** ClawHub's moderation block, from Skillport's quarantine decision on one version. */
export interface Moderation {
  isSuspicious: boolean;
  isMalwareBlocked: boolean;
  verdict: 'clean' | 'suspicious' | 'malicious';
  reasonCodes: string[];
  summary: string | null;
  engineVersion: null;
  updatedAt: null;
}

/**
 * A version the quarantine policy blocks is `isMalwareBlocked` (the CLI refuses to install it); one
 * the scan flagged, or the policy only warns about, is `isSuspicious` (the CLI asks, or wants
 * `--force`). A flagged skill an admin allowed (an override or the allow list) counts as reviewed.
 */
export function moderationOf(decision: QuarantineDecision): Moderation {
  const blocked = !decision.runnable;
  const reviewed = !decision.quarantined && decision.note !== null;
  const suspicious = !blocked && !reviewed && (decision.scan_status === 'flagged' || decision.quarantined);
  const severity = decision.max_severity ? [`scan.max_severity.${decision.max_severity.toLowerCase()}`] : [];
  return {
    isSuspicious: suspicious,
    isMalwareBlocked: blocked,
    verdict: blocked ? 'malicious' : suspicious ? 'suspicious' : 'clean',
    reasonCodes: blocked ? ['skillport.quarantined', ...severity] : suspicious ? [decision.quarantined ? 'skillport.quarantine_warning' : 'skillport.flagged', ...severity] : [],
    summary: blocked
      ? decision.blocked_reason
      : suspicious
        ? (decision.note ?? `The security scan flagged it (highest severity ${decision.max_severity ?? 'unknown'}); review it before use`)
        : decision.note,
    engineVersion: null,
    updatedAt: null,
  };
}
