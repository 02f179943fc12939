import { RE2JS, RE2Set } from 're2js';
import { CHECKS } from '../checks/registry.js';
import { RULE_PACK, type RuleSpec } from '../rules/index.js';
import { MAX_FINDINGS_PER_RULE_PER_FILE } from '../limits.js';
import { fileTypeMatcher } from './file-types.js';
import type { CompiledRule } from './types.js';

/**
 * The rule pack compiled once: each pattern alone (to locate matches), each rule's
 * patterns as one alternation, groups of rules as one alternation (one linear pass asks "does any
 * of these twelve rules match anywhere?"), the prefilters and the exclusions. A pattern RE2
 * rejects fails the load with the rule id, so a bad pack never ships.
 */
/** Rules tested together; a group that matches is narrowed through its subgroups to the rules that do. */
export interface RuleGroup {
  rules: CompiledRule[];
  anyMatch: (text: string) => boolean;
  subgroups: { rules: CompiledRule[]; anyMatch: (text: string) => boolean }[];
}

export interface CompiledPack {
  rules: CompiledRule[];
  /** Rules whose patterns read file content. */
  contentRules: CompiledRule[];
  /**
   * Content rules without a prefilter, in groups, each with the alternation of all its patterns.
   * Most text matches no rule at all, and one pass per group is several times cheaper than one
   * per rule. Groups stay small because the automaton of a very large alternation outgrows RE2's
   * cache and falls back to its slower (still linear) simulation.
   */
  groups: RuleGroup[];
  /**
   * Content rules with a prefilter, grouped by prefilter: where the prefilter occurs, one combined
   * pass over the group's rules, then each rule of a matching group on its own.
   */
  prefiltered: { prefilter: RE2JS; rules: CompiledRule[]; anyMatch: (text: string) => boolean }[];
  /** Rules that read the manifest's description. */
  descriptionRules: CompiledRule[];
}

const BASE_FLAGS = RE2JS.MULTILINE;
/**
 * Rules per combined pass, and the automaton memory each pass may use. Measured on the generated
 * catalogue: 24 rules in 32 MB run at about 35 MB/s; 36 rules in 32 MB overflow and fall back to
 * RE2's simulation at about 2 MB/s. RE2JS.compile allows only 8 MB, so the pass is an RE2Set of
 * one entry, whose budget can be set.
 */
const GROUP_SIZE = 24;
const GROUP_MEMORY = 32 * 1024 * 1024;
const SUBGROUP_SIZE = 6;
const SUBGROUP_MEMORY = 8 * 1024 * 1024;

export function compilePack(specs: readonly RuleSpec[] = RULE_PACK): CompiledPack {
  const rules: CompiledRule[] = [];
  const seen = new Set<string>();
  for (const [index, spec] of specs.entries()) {
    if (seen.has(spec.id)) throw new Error(`rule pack: duplicate rule id ${spec.id}`);
    seen.add(spec.id);
    // Every check a rule names exists, and a rule without patterns has a whole-skill check.
    const check = spec.check;
    if (check !== undefined && !CHECKS[check]) throw new Error(`rule pack: ${spec.id} names unknown check "${check}"`);
    if (spec.patterns.length === 0 && !(check && CHECKS[check]!.skill)) throw new Error(`rule pack: ${spec.id} has no patterns and no whole-skill check`);
    rules.push(compileRule(spec, index));
  }
  const contentRules = rules.filter((r) => (r.spec.target ?? 'files') === 'files' && r.patterns.length > 0);
  // Rules that apply only to some skills (their check can rule the skill out, e.g. "declares its
  // tools") are grouped apart, so for most skills their whole group is skipped.
  const conditional = (r: CompiledRule) => (r.spec.check ? CHECKS[r.spec.check]?.irrelevant !== undefined : false);
  const unfiltered = contentRules.filter((r) => !r.spec.prefilter);
  const grouped = [...unfiltered.filter((r) => !conditional(r)), ...unfiltered.filter(conditional)];
  const groups: CompiledPack['groups'] = [];
  const always = grouped.filter((r) => !conditional(r)).length;
  const cuts: Array<[number, number]> = [];
  for (let i = 0; i < always; i += GROUP_SIZE) cuts.push([i, Math.min(always, i + GROUP_SIZE)]);
  for (let i = always; i < grouped.length; i += GROUP_SIZE) cuts.push([i, Math.min(grouped.length, i + GROUP_SIZE)]);
  for (const [from, to] of cuts) {
    const members = grouped.slice(from, to);
    const subgroups = [];
    for (let j = 0; j < members.length; j += SUBGROUP_SIZE) {
      const part = members.slice(j, j + SUBGROUP_SIZE);
      subgroups.push({ rules: part, anyMatch: combinedMatcher(part, SUBGROUP_MEMORY, `rule group ${groups.length + 1}.${subgroups.length + 1}`) });
    }
    groups.push({ rules: members, anyMatch: combinedMatcher(members, GROUP_MEMORY, `rule group ${groups.length + 1}`), subgroups });
  }
  const byPrefilter = new Map<string, CompiledRule[]>();
  for (const rule of contentRules.filter((r) => r.spec.prefilter)) byPrefilter.set(rule.spec.prefilter!, [...(byPrefilter.get(rule.spec.prefilter!) ?? []), rule]);
  const prefiltered = [...byPrefilter].map(([source, members]) => ({
    prefilter: compile(source, false, `${members[0]!.spec.id} prefilter`),
    rules: members,
    anyMatch: members.length === 1 ? (text: string) => members[0]!.anyPattern!.test(text) : combinedMatcher(members, SUBGROUP_MEMORY, `rules with prefilter of ${members[0]!.spec.id}`),
  }));
  return {
    rules,
    contentRules,
    groups,
    prefiltered,
    descriptionRules: rules.filter((r) => r.spec.target === 'description'),
  };
}

function compileRule(spec: RuleSpec, index: number): CompiledRule {
  const rule: CompiledRule = {
    spec,
    index,
    patterns: [],
    anyPattern: null,
    exclusions: (spec.exclusions ?? []).map((e, i) => compile(e, false, `${spec.id} exclusion ${i + 1}`)),
    requires: (spec.requires ?? []).map((e, i) => compile(e, false, `${spec.id} requirement ${i + 1}`)),
    exampleCues: (spec.example_cues ?? []).map((e, i) => compile(e, false, `${spec.id} example cue ${i + 1}`)),
    appliesTo: fileTypeMatcher(spec.file_types),
    maxPerFile: spec.max_per_file ?? MAX_FINDINGS_PER_RULE_PER_FILE,
  };
  rule.patterns = spec.patterns.map((pattern, i) => {
    const source = (spec.case_sensitive ? '' : '(?i)') + pattern;
    const re = compile(source, true, `${spec.id} pattern ${i + 1}`);
    return { rule, source, re, hasSecretGroup: 'secret' in re.namedGroups() };
  });
  if (rule.patterns.length > 0) rule.anyPattern = compile(alternationOf(rule), true, `${spec.id} patterns combined`);
  return rule;
}

function combinedMatcher(rules: CompiledRule[], memory: number, what: string): (text: string) => boolean {
  const set = new RE2Set(RE2Set.UNANCHORED, BASE_FLAGS, memory);
  try {
    set.add(rules.map(alternationOf).join('|'));
  } catch (err) {
    throw new Error(`rule pack: ${what} is not valid RE2: ${err instanceof Error ? err.message : String(err)}`);
  }
  set.compile();
  return (text) => set.match(text).length > 0;
}

/** A rule's patterns as one alternation. Capture names may repeat, so captures are dropped: it only answers "any match?". */
function alternationOf(rule: CompiledRule): string {
  return rule.patterns.map((p) => `(?:${p.source.split('(?P<secret>').join('(?:')})`).join('|');
}

/** Exclusions, requirements and prefilters always ignore case; patterns carry their own `(?i)`. */
function compile(source: string, exact: boolean, what: string): RE2JS {
  try {
    return RE2JS.compile(source, exact ? BASE_FLAGS : BASE_FLAGS | RE2JS.CASE_INSENSITIVE);
  } catch (err) {
    throw new Error(`rule pack: ${what} is not valid RE2: ${err instanceof Error ? err.message : String(err)}`);
  }
}

let compiled: CompiledPack | undefined;

/**
 * The rule pack, compiled on first use: a process that never scans (a CLI command managing keys,
 * say) does not pay for compiling it.
 */
export function pack(): CompiledPack {
  return (compiled ??= compilePack());
}
