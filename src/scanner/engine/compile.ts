import { RE2JS, RE2Set } from 're2js';
import { RULE_PACK, type RuleSpec } from '../rules/index.js';
import { MAX_FINDINGS_PER_RULE_PER_FILE } from '../limits.js';
import { fileTypeMatcher } from './file-types.js';
import type { CompiledPattern, CompiledRule } from './types.js';

/**
 * The rule pack compiled once, at module load: every file-content pattern in one RE2 set (one
 * linear pass finds which patterns occur), each pattern also alone (to locate matches), and the
 * exclusions. A pattern that RE2 rejects fails the load with the rule id, so a bad pack never ships.
 */
export interface CompiledPack {
  rules: CompiledRule[];
  byId: Map<string, CompiledRule>;
  /** Patterns of rules that read files, in set order: set id `i` is `contentPatterns[i]`. */
  contentPatterns: CompiledPattern[];
  contentSet: RE2Set;
  /** Rules that read the manifest's description. */
  descriptionRules: CompiledRule[];
  /** Rules without patterns: checks over the whole skill. */
  skillRules: CompiledRule[];
}

const BASE_FLAGS = RE2JS.MULTILINE;
/** The DFA memory for the combined set; beyond it RE2 falls back to its (still linear) NFA. */
const SET_MAX_MEMORY = 32 * 1024 * 1024;

export function compilePack(specs: readonly RuleSpec[] = RULE_PACK): CompiledPack {
  const rules: CompiledRule[] = [];
  const seen = new Set<string>();
  for (const [index, spec] of specs.entries()) {
    if (seen.has(spec.id)) throw new Error(`rule pack: duplicate rule id ${spec.id}`);
    seen.add(spec.id);
    rules.push(compileRule(spec, index));
  }
  const contentRules = rules.filter((r) => (r.spec.target ?? 'files') === 'files' && r.patterns.length > 0);
  const contentPatterns = contentRules.flatMap((r) => r.patterns);
  const contentSet = new RE2Set(RE2Set.UNANCHORED, BASE_FLAGS, SET_MAX_MEMORY);
  for (const p of contentPatterns) contentSet.add(p.source);
  contentSet.compile();
  return {
    rules,
    byId: new Map(rules.map((r) => [r.spec.id, r])),
    contentPatterns,
    contentSet,
    descriptionRules: rules.filter((r) => r.spec.target === 'description'),
    skillRules: rules.filter((r) => r.patterns.length === 0),
  };
}

function compileRule(spec: RuleSpec, index: number): CompiledRule {
  const rule: CompiledRule = {
    spec,
    index,
    patterns: [],
    exclusions: (spec.exclusions ?? []).map((e, i) => compile(e, false, `${spec.id} exclusion ${i + 1}`)),
    requires: (spec.requires ?? []).map((e, i) => compile(e, false, `${spec.id} requirement ${i + 1}`)),
    appliesTo: fileTypeMatcher(spec.file_types),
    maxPerFile: spec.max_per_file ?? MAX_FINDINGS_PER_RULE_PER_FILE,
  };
  rule.patterns = spec.patterns.map((pattern, i) => {
    const source = (spec.case_sensitive ? '' : '(?i)') + pattern;
    const re = compile(source, true, `${spec.id} pattern ${i + 1}`);
    return { rule, source, re, hasSecretGroup: 'secret' in re.namedGroups() };
  });
  return rule;
}

/** Exclusions and requirements always ignore case; patterns carry their own `(?i)`. */
function compile(source: string, exact: boolean, what: string): RE2JS {
  try {
    return RE2JS.compile(source, exact ? BASE_FLAGS : BASE_FLAGS | RE2JS.CASE_INSENSITIVE);
  } catch (err) {
    throw new Error(`rule pack: ${what} is not valid RE2: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export const PACK: CompiledPack = compilePack();
