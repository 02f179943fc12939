import type { SkillManifest } from '../format/index.js';

/** Most severe first. */
export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const RULE_CATEGORIES = [
  'prompt_injection',
  'command_injection',
  'data_exfiltration',
  'hardcoded_secrets',
  'obfuscation',
  'unicode',
  'resource_abuse',
  'social_engineering',
  'supply_chain',
  'tool_misuse',
  'manifest',
] as const;
export type RuleCategory = (typeof RULE_CATEGORIES)[number];

/**
 * Why a finding is reported below its rule's severity: the text around the match documents the
 * attack rather than asking for it. `negated`: the text says not to do it ("never run", "do not");
 * `described-attack`: it describes or searches for an attack ("attackers use", "an example of a
 * malicious", "grep for", a section of indicators); `detection-skill`: nothing around the match
 * instructs, and the skill's declared purpose is detection, review or teaching.
 */
export const FINDING_CONTEXTS = ['negated', 'described-attack', 'detection-skill'] as const;
export type FindingContext = (typeof FINDING_CONTEXTS)[number];

export interface Finding {
  rule_id: string;
  category: RuleCategory;
  severity: Severity;
  title: string;
  /** What was found, in this file, in words a reviewer can act on. */
  message: string;
  /** Path relative to the skill folder; `SKILL.md` for the skill file itself. */
  file_path: string;
  /** 1-based; 0 when the finding concerns the whole file or the manifest. */
  line: number;
  /** 1-based, in characters; 0 when not tied to a position. */
  column: number;
  /** The matched line, trimmed and cut to a readable length; secrets are masked. */
  snippet: string;
  remediation: string;
  /**
   * Present only when the finding is reported below its rule's severity because the text documents
   * the attack (see FindingContext). A CRITICAL rule is never reported below MEDIUM.
   */
  context?: FindingContext;
  /** Present when the quarantine policy sets this rule's severity: the severity the rule gave. */
  policy_severity_from?: Severity;
  /** Present on findings of an external analyzer (`SKILLPORT_SCANNER_EXTERNAL_URL`). */
  source?: 'external';
}

/** `flagged` when any finding is MEDIUM or above; `error` when the scan could not complete. */
export type Verdict = 'passed' | 'flagged' | 'error';

export interface ScanResult {
  verdict: Verdict;
  /** Highest severity among the findings; null when there are none. */
  max_severity: Severity | null;
  counts: Record<Severity, number>;
  findings: Finding[];
  /** Why the scan could not complete (verdict `error`), or files it skipped; empty otherwise. */
  errors: string[];
  files_scanned: number;
  bytes_scanned: number;
  duration_ms: number;
  /** Identifies the rule pack, so stored results can be told apart after the rules change. */
  rule_pack_version: string;
}

/** One file of a skill: `SKILL.md` itself or a file beside it. */
export interface ScanFile {
  path: string;
  content: string | Uint8Array;
}

export interface ScanInput {
  name: string;
  /** Every file of the skill, SKILL.md (path `SKILL.md`) included. */
  files: ScanFile[];
  /** The parsed manifest, when the caller has one; used by the tool-misuse and manifest rules. */
  manifest?: SkillManifest;
}

export interface ScanLimits {
  maxFileBytes: number;
  maxTotalBytes: number;
  /** Wall-clock budget for one skill; over it the result is an `error` verdict. */
  timeoutMs: number;
}
