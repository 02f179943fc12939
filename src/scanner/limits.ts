import type { ScanLimits } from './types.js';

/**
 * Bounds on one scan. A skill over a size limit, or a scan over its time budget, ends with an
 * `error` verdict; it never passes on a partial reading.
 */
export const DEFAULT_SCAN_LIMITS: ScanLimits = {
  /** Larger than any honest skill file (the biggest in the reference corpus is 74 KB). */
  maxFileBytes: 5 * 1024 * 1024,
  maxTotalBytes: 20 * 1024 * 1024,
  /**
   * Matching runs at a few MB/s once RE2's automata are warm and slower on a cold process, so a
   * skill at the full 20 MB needs several seconds; hostile input is bounded by the size limits
   * (the engine is linear), and this budget stops anything that still runs away.
   */
  timeoutMs: 10_000,
};

/** Findings kept per rule in one file; a huge file cannot produce millions. */
export const MAX_FINDINGS_PER_RULE_PER_FILE = 20;
/** Matches examined per rule in one file before the rule stops looking there. */
export const MAX_CANDIDATES_PER_RULE_PER_FILE = 500;
