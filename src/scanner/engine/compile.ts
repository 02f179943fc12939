import { CHECKS } from '../checks/registry.js';
import { RULE_PACK, type RuleSpec } from '../rules/index.js';
import { MAX_FINDINGS_PER_RULE_PER_FILE } from '../limits.js';
import { LiteralSet, type Literal } from './aho-corasick.js';
import { fileTypeMatcher } from './file-types.js';
import { BOUNDARY, requiredLiterals } from './literals.js';
import { patternShape } from './regex-shape.js';
import { regexEngine, type Regex } from './regex.js';
import type { CompiledPattern, CompiledRule, Searchable } from './types.js';

/**
 * The rule pack compiled once: each pattern alone (to locate matches) with the literals every
 * match of it contains, the patterns in combined sets, the prefilters and the exclusions. A
 * pattern RE2 rejects fails the load with the rule id, so a bad pack never ships.
 *
 * Matching a file starts with one pass of an Aho-Corasick automaton over all required literals
 * of the pack (the approach of RE2's FilteredRE2 and Hyperscan): a pattern whose literals do not
 * all occur cannot match and is left out. The candidates left are confirmed by sets: one linear
 * pass of a set's automaton says which of its patterns occur, so a file costs one pass per set
 * holding a candidate, not one per candidate.
 */
export interface PatternSet {
  patterns: CompiledPattern[];
  /** Positions in `patterns` of the patterns that occur in the text. */
  matching: (text: string) => number[];
}

export interface CompiledPack {
  rules: CompiledRule[];
  /** Rules whose patterns read file content. */
  contentRules: CompiledRule[];
  /** Every literal some pattern requires; a pattern's requirement holds ids into it. */
  literals: LiteralSet;
  /** Every pattern of the content rules, in sets; `setOf` gives each pattern's set and position. */
  sets: PatternSet[];
  setOf: Map<CompiledPattern, { set: number; position: number }>;
  /**
   * Rule prefilters, each compiled once, by source: does the text hold what every match holds?
   * Searched like patterns (literals, then windows), or by `test` where that is all there is.
   */
  prefilters: Map<string, Prefilter>;
  /** Rules that read the manifest's description. */
  descriptionRules: CompiledRule[];
  /** A set of exactly these patterns, compiled on first use and kept for the next file that needs the same ones. */
  setFor: (patterns: CompiledPattern[]) => PatternSet;
}

export type Prefilter = { search: Searchable } | { test: (text: string) => boolean };

/**
 * Patterns per set, and the automaton memory each set may use: a very large set outgrows RE2's
 * cache and falls back to its slower (still linear) simulation. Patterns that are often
 * candidates (weak or no literals) share sets, so ordinary text touches few of them.
 */
const SET_SIZE = 24;
const SET_MEMORY = 32 * 1024 * 1024;
/**
 * Sets made for one file's candidates (see setFor): ordinary files need one of a few mixes of
 * patterns, so a handful of such sets, each with a small automaton cache, serves nearly all.
 */
const COMBINED_SETS = 64;
const COMBINED_SET_MEMORY = SET_MEMORY;

const NON_ASCII = String.raw`[^\x00-\x7F]`;

function hasNonAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return true;
  return false;
}

export function compilePack(specs: readonly RuleSpec[] = RULE_PACK): CompiledPack {
  const rules: CompiledRule[] = [];
  const seen = new Set<string>();
  const literals = new Map<string, { id: number; literal: Literal }>();
  for (const [index, spec] of specs.entries()) {
    if (seen.has(spec.id)) throw new Error(`rule pack: duplicate rule id ${spec.id}`);
    seen.add(spec.id);
    // Every check a rule names exists, and a rule without patterns has a whole-skill check.
    const check = spec.check;
    if (check !== undefined && !CHECKS[check]) throw new Error(`rule pack: ${spec.id} names unknown check "${check}"`);
    if (spec.patterns.length === 0 && !(check && CHECKS[check]!.skill)) throw new Error(`rule pack: ${spec.id} has no patterns and no whole-skill check`);
    rules.push(compileRule(spec, index, literals));
  }
  const prefilters = new Map<string, Prefilter>();
  for (const rule of rules) {
    const source = rule.spec.prefilter;
    if (!source || prefilters.has(source) || rule.patterns.length === 0) continue;
    const re = compile(source, false, `${rule.spec.id} prefilter`);
    // "Any character outside ASCII", the prefilter of the unicode rules, needs no automaton.
    prefilters.set(source, source === NON_ASCII ? { test: hasNonAscii } : { search: searchable(source, re, true, false, `${rule.spec.id} prefilter`, literals) });
  }
  const contentRules = rules.filter((r) => (r.spec.target ?? 'files') === 'files' && r.patterns.length > 0);
  const literalSet = new LiteralSet([...literals.values()].map((l) => l.literal));
  const ordered = contentRules.flatMap((r) => r.patterns).sort((a, b) => selectivity(a, literalSet) - selectivity(b, literalSet));
  const sets: PatternSet[] = [];
  const setOf = new Map<CompiledPattern, { set: number; position: number }>();
  for (let i = 0; i < ordered.length; i += SET_SIZE) {
    const members = ordered.slice(i, i + SET_SIZE);
    members.forEach((p, position) => setOf.set(p, { set: sets.length, position }));
    sets.push({ patterns: members, matching: setMatcher(members, SET_MEMORY, `pattern set ${sets.length + 1}`) });
  }
  const serial = new Map(contentRules.flatMap((r) => r.patterns).map((p, i) => [p, i]));
  const made = new Map<string, PatternSet>();
  const setFor = (patterns: CompiledPattern[]): PatternSet => {
    const key = patterns.map((p) => serial.get(p)!).join(',');
    let set = made.get(key);
    if (set) {
      // Most recently used last: the first key is the one to drop.
      made.delete(key);
    } else {
      set = { patterns, matching: setMatcher(patterns, COMBINED_SET_MEMORY, 'combined pattern set') };
      if (made.size >= COMBINED_SETS) made.delete(made.keys().next().value!);
    }
    made.set(key, set);
    return set;
  };
  return {
    rules,
    contentRules,
    literals: literalSet,
    sets,
    setOf,
    prefilters,
    descriptionRules: rules.filter((r) => r.spec.target === 'description'),
    setFor,
  };
}

/** How rarely a pattern is expected to be a candidate: the weight of its most selective literal set (0: none). */
function selectivity(pattern: CompiledPattern, literals: LiteralSet): number {
  if (pattern.requirement === null) return 0;
  return Math.max(...pattern.requirement.map((anyOf) => Math.min(...Array.from(anyOf, (id) => literals.lengthOf(id)))));
}

function compileRule(spec: RuleSpec, index: number, literals: Map<string, { id: number; literal: Literal }>): CompiledRule {
  const rule: CompiledRule = {
    spec,
    index,
    patterns: [],
    anyPattern: null,
    exclusions: (spec.exclusions ?? []).map((e, i) => compile(e, false, `${spec.id} exclusion ${i + 1}`)),
    requires: (spec.requires ?? []).map((e, i) => compile(e, false, `${spec.id} requirement ${i + 1}`)),
    appliesTo: fileTypeMatcher(spec.file_types),
    maxPerFile: spec.max_per_file ?? MAX_FINDINGS_PER_RULE_PER_FILE,
  };
  rule.patterns = spec.patterns.map((pattern, i) => {
    const source = (spec.case_sensitive ? '' : '(?i)') + pattern;
    const re = compile(source, true, `${spec.id} pattern ${i + 1}`);
    // Case is checked only where the whole pattern is case-sensitive.
    const exactCase = spec.case_sensitive === true && !source.includes('(?i');
    const found = searchable(source, re, !spec.case_sensitive, exactCase, `${spec.id} pattern ${i + 1}`, literals);
    return { rule, index: i, source, hasSecretGroup: source.includes('(?P<secret>'), ...found };
  });
  if (rule.patterns.length > 0) rule.anyPattern = compile(alternationOf(rule), true, `${spec.id} patterns combined`);
  return rule;
}

/**
 * What the engine needs to search for a pattern: the literals (and runs) every match holds, as ids
 * into the pack's literal set, and how many line gaps a match can cross.
 */
function searchable(
  source: string,
  re: Regex,
  caseInsensitive: boolean,
  exactCase: boolean,
  what: string,
  literals: Map<string, { id: number; literal: Literal }>,
): Searchable {
  let required: ReturnType<typeof requiredLiterals>;
  try {
    required = requiredLiterals(source, caseInsensitive);
  } catch (err) {
    throw new Error(`rule pack: ${what}: its literals could not be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  const id = (text: string) => {
    const key = `${exactCase ? 'c' : 'i'}${text}`;
    if (!literals.has(key)) literals.set(key, { id: literals.size, literal: { text, exactCase } });
    return literals.get(key)!.id;
  };
  const shape = patternShape(source, caseInsensitive);
  // A pattern made of classes, or whose literals are a character or two (`,`), is a candidate
  // only where the runs it holds occur too.
  const weak = required === null || required.every((set) => set.some((l) => l.split(BOUNDARY).join('').length <= 2));
  const all = weak ? [...(required ?? []), ...shape.runs] : (required ?? []);
  const requirement = all.length === 0 ? null : all.map((set) => Int32Array.from(set, id));
  return { re, requirement, maxLineGaps: shape.wholeText ? Infinity : shape.maxLineGaps };
}

function setMatcher(patterns: CompiledPattern[], memory: number, what: string): (text: string) => number[] {
  let set;
  try {
    set = regexEngine().set(patterns.map(withoutCaptures), memory);
  } catch (err) {
    throw new Error(`rule pack: ${what} is not valid RE2: ${err instanceof Error ? err.message : String(err)}`);
  }
  return (text) => set.match(text);
}

/** A pattern for an alternation with others. Capture names may repeat, so captures are dropped: it only answers "any match?". */
function withoutCaptures(pattern: { source: string }): string {
  return `(?:${pattern.source.split('(?P<secret>').join('(?:')})`;
}

/** A rule's patterns as one alternation. */
function alternationOf(rule: CompiledRule): string {
  return rule.patterns.map(withoutCaptures).join('|');
}

/** Exclusions, requirements and prefilters always ignore case; patterns carry their own `(?i)`. */
function compile(source: string, exact: boolean, what: string): Regex {
  try {
    return regexEngine().compile(source, { ignoreCase: !exact });
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
