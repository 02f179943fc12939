import type { RuleCategory, Severity } from '../types.js';

/**
 * One rule of the pack, as plain data. Patterns and exclusions are RE2 syntax (no look-around,
 * no back-references), matched case-insensitively unless `case_sensitive` is set, with `^`/`$`
 * matching at line boundaries. A rule whose judgement needs more than a pattern names a check
 * function (see ../checks/registry.ts); the rule entry still describes what it finds.
 */
export interface RuleSpec {
  /** Stable identifier, `<category prefix>-<what>`; shown in findings, SARIF and suppressions. */
  id: string;
  category: RuleCategory;
  severity: Severity;
  title: string;
  description: string;
  remediation: string;
  /**
   * Which files the rule reads: `*` for every text file, or a list of glob-ish names (`*.sh`,
   * `SKILL.md`, `requirements*.txt`, `scripts/**`) and groups (`@markdown`, `@script`, `@config`).
   */
  file_types: '*' | string[];
  /** What to look for. Empty for rules that are a check over the whole skill. */
  patterns: string[];
  /**
   * An RE2 pattern that every match contains (e.g. "a non-ASCII character"). A rule with one is run
   * alone, and only on files where the prefilter occurs, instead of in a combined pass with other
   * rules: for patterns with broad classes or long counted repetitions, which would swell a
   * combined automaton.
   */
  prefilter?: string;
  /** Seen on the same line as a match, these suppress it (placeholders, documentation of attacks). */
  exclusions?: string[];
  /** When set, a match counts only if one of these also matches its line. */
  requires?: string[];
  /**
   * The rule's matches can be documentation of the attack (a warning, a detection runbook, a
   * training page) as well as the attack itself, so the text around each match in markdown is
   * judged (see ../context/judge.ts): a match the text negates, describes as an attack, or that
   * sits in a detection or teaching skill without an instruction around it is reported lower, with
   * the reason in the finding's `context`. A CRITICAL rule is never reported below MEDIUM.
   */
  judge_context?: boolean;
  case_sensitive?: boolean;
  /**
   * What the patterns run over: the files (default), or only the manifest's description, reported
   * at its line in SKILL.md.
   */
  target?: 'files' | 'description';
  /**
   * A named check. With patterns, it confirms or drops each match; without, it runs once over the
   * whole skill and reports what it finds.
   */
  check?: string;
  /** Replace the match (or its `secret` group) with its first four characters and `****` in snippets. */
  mask?: boolean;
  /** At most this many findings of the rule in one file; the engine default applies when unset. */
  max_per_file?: number;
}

/** Keeps RE2 patterns readable in the data files: backslashes are written once. */
export const rx = String.raw;
