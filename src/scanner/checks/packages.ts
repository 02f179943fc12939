import type { CompiledRule, Hit, SkillView, TextFileView } from '../engine/types.js';
import { KNOWN_TYPOSQUATS, POPULAR, type Ecosystem } from './popular-packages.js';
import type { CheckDefinition, MatchContext } from './types.js';

interface PackageRef {
  name: string;
  ecosystem: Ecosystem;
}

const PYPI_COMMANDS = new Set(['pip', 'pip3', 'pipx', 'uv', 'uvx', 'poetry', 'pdm', 'conda']);
const NPM_COMMANDS = new Set(['npm', 'pnpm', 'yarn', 'bun', 'npx', 'bunx']);
/** Options whose next word is a value, not a package. */
const VALUE_OPTIONS = new Set(['--trusted-host', '--proxy', '--cert', '--client-cert', '--src', '--log', '--python-version', '--implementation', '--abi', '--upgrade-strategy', '--tag', '-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '--target', '-t', '--prefix', '--root', '--python', '-p', '--registry', '--cache', '--save-prefix', '-w', '--workspace', '--filter', '--platform']);
const SHELL_BREAKS = new Set(['&&', '||', ';', '|', '>', '>>', '2>&1', '#', '\\']);

/** Normalised for comparison: lower case; PyPI treats runs of `-`, `_` and `.` as one `-`. */
function normalise(name: string, ecosystem: Ecosystem): string {
  const lower = name.toLowerCase();
  if (ecosystem === 'npm') return lower;
  let out = '';
  for (const ch of lower) out += ch === '_' || ch === '.' ? '-' : ch;
  while (out.includes('--')) out = out.split('--').join('-');
  return out;
}

/** The package name of a requirement or install argument, without version, extras or markers. */
function bareName(word: string, ecosystem: Ecosystem): string | null {
  let name = word.trim();
  // Quotes, code-span backticks and sentence punctuation around a word are not part of the name.
  const wrapping = new Set(['"', "'", '`', ',', '.', ';', ':', ')', '(', '*']);
  while (name && wrapping.has(name[0]!)) name = name.slice(1);
  while (name && wrapping.has(name[name.length - 1]!)) name = name.slice(0, -1);
  if (ecosystem === 'npm') {
    const at = name.indexOf('@', 1);
    if (at !== -1) name = name.slice(0, at);
    if (name.startsWith('@') ? name.split('/').length !== 2 : name.includes('/')) return null;
  } else {
    let cut = name.length;
    for (const stop of ['=', '<', '>', '!', '~', '[', ';', '@', ' ']) {
      const i = name.indexOf(stop);
      if (i !== -1 && i < cut) cut = i;
    }
    name = name.slice(0, cut);
    if (name.includes('/')) return null;
  }
  if (!name || name.includes(':') || name.startsWith('.') || name.startsWith('-') || name.startsWith('$') || name.startsWith('<')) return null;
  return name;
}

/** Whitespace-separated words of a line. */
function wordsOf(line: string): string[] {
  const words: string[] = [];
  let current = '';
  for (const ch of line) {
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
      if (current) words.push(current);
      current = '';
    } else current += ch;
  }
  if (current) words.push(current);
  return words;
}

function ecosystemOf(command: string): Ecosystem | null {
  if (command.startsWith('pip') || PYPI_COMMANDS.has(command)) return 'pypi';
  if (NPM_COMMANDS.has(command)) return 'npm';
  return null;
}

/** Commands that run a single package: the first argument is the package, the rest its arguments. */
const RUNNERS = new Set(['npx', 'bunx', 'uvx']);
const INSTALL_VERBS = new Set(['install', 'i', 'add', 'dlx']);

/** Package names on one install command line (`pip install -U a b==1`, `npx -y pkg`, `yarn global add x`). */
export function packagesOnInstallLine(line: string): PackageRef[] {
  const words = wordsOf(line);
  const refs: PackageRef[] = [];
  let ecosystem: Ecosystem | null = null;
  let mode: 'command' | 'packages' | 'runner' = 'command';
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const lower = word.toLowerCase();
    if (SHELL_BREAKS.has(word) || word.startsWith('#')) {
      ecosystem = null;
      mode = 'command';
      continue;
    }
    if (mode === 'command') {
      const found = ecosystemOf(lower);
      if (found) ecosystem = found;
      if (ecosystem && RUNNERS.has(lower)) mode = 'runner';
      else if (ecosystem && INSTALL_VERBS.has(lower)) mode = lower === 'dlx' ? 'runner' : 'packages';
      continue;
    }
    if (word.startsWith('-')) {
      if (VALUE_OPTIONS.has(word)) i++;
      continue;
    }
    const name = ecosystem ? bareName(word, ecosystem) : null;
    if (name && ecosystem) refs.push({ name, ecosystem });
    if (mode === 'runner') {
      ecosystem = null;
      mode = 'command';
    }
  }
  return refs;
}

/** Optimal string alignment distance, stopping early once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit = 2): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let rowMin = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > limit) return limit + 1;
  }
  return rows[a.length]![b.length]!;
}

const POPULAR_SETS = { npm: new Set(POPULAR.npm.map((n) => normalise(n, 'npm'))), pypi: new Set(POPULAR.pypi.map((n) => normalise(n, 'pypi'))) };
const KNOWN_SETS = { npm: new Set(KNOWN_TYPOSQUATS.npm.map((n) => normalise(n, 'npm'))), pypi: new Set(KNOWN_TYPOSQUATS.pypi.map((n) => normalise(n, 'pypi'))) };
/** Affixes typosquats add to a popular name (`python-requests`, `lodash-js`, `node-axios`). */
const PREFIXES = ['python-', 'python3-', 'py-', 'node-', 'js-'];
const SUFFIXES = ['-python', '-py', '-js', '.js', '-node', '-npm', '-lib', '-dev'];
const MIN_NEAR_MISS_LENGTH = 5;

function knownTyposquat(ref: PackageRef): string | null {
  const name = normalise(ref.name, ref.ecosystem);
  return KNOWN_SETS[ref.ecosystem].has(name) ? name : null;
}

/** The popular package `ref` imitates, when it is not one itself. */
export function imitatedPackage(ref: PackageRef): string | null {
  const name = normalise(ref.name, ref.ecosystem);
  const popular = POPULAR_SETS[ref.ecosystem];
  if (popular.has(name) || KNOWN_SETS[ref.ecosystem].has(name)) return null;
  for (const affix of PREFIXES) if (name.startsWith(affix) && popular.has(name.slice(affix.length)) && name.length - affix.length >= 4) return name.slice(affix.length);
  for (const affix of SUFFIXES) if (name.endsWith(affix) && popular.has(name.slice(0, -affix.length)) && name.length - affix.length >= 4) return name.slice(0, -affix.length);
  if (name.length < MIN_NEAR_MISS_LENGTH) return null;
  for (const candidate of popular) {
    if (candidate.length >= MIN_NEAR_MISS_LENGTH && editDistance(name, candidate, 1) <= 1) return candidate;
  }
  return null;
}

type Verdict = { ref: PackageRef; message: string };

function judgeKnown(ref: PackageRef): Verdict | null {
  const known = knownTyposquat(ref);
  return known ? { ref, message: `${ref.ecosystem} package "${ref.name}" is a known typosquat` } : null;
}

function judgeNear(ref: PackageRef): Verdict | null {
  const target = imitatedPackage(ref);
  return target ? { ref, message: `${ref.ecosystem} package "${ref.name}" is one edit away from the popular package "${target}"` } : null;
}

/** Package names in a line of a dependency file (`requirements.txt`, `package.json`, `pyproject.toml`) or an install command. */
function packagesOnLine(line: string, path: string): PackageRef[] {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const trimmed = line.trim();
  if (base === 'package.json') {
    const colon = trimmed.indexOf('":');
    if (trimmed.startsWith('"') && colon > 1) {
      const name = bareName(trimmed.slice(1, colon), 'npm');
      return name ? [{ name, ecosystem: 'npm' }] : [];
    }
    return [];
  }
  if (base.startsWith('requirements') && base.endsWith('.txt')) {
    const name = trimmed.startsWith('#') || trimmed.startsWith('-') ? null : bareName(trimmed, 'pypi');
    return name ? [{ name, ecosystem: 'pypi' }] : [];
  }
  if (base === 'pyproject.toml' && (trimmed.startsWith('"') || trimmed.startsWith("'"))) {
    const name = bareName(trimmed, 'pypi');
    return name ? [{ name, ecosystem: 'pypi' }] : [];
  }
  return packagesOnInstallLine(line);
}

function confirmWith(judge: (ref: PackageRef) => Verdict | null) {
  return (match: MatchContext): false | { message: string } => {
    const verdicts = packagesOnInstallLine(match.matched).map(judge).filter((v): v is Verdict => v !== null);
    return verdicts.length === 0 ? false : { message: verdicts.map((v) => v.message).join('; ') };
  };
}

const DEPENDENCY_FILES = (path: string) => {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  return base === 'package.json' || base === 'pyproject.toml' || (base.startsWith('requirements') && base.endsWith('.txt'));
};

/** Reads dependency files line by line (no parsing that a hostile file could blow up). */
function scanDependencyFiles(judge: (ref: PackageRef) => Verdict | null) {
  return (skill: SkillView, rule: CompiledRule): Hit[] => {
    const hits: Hit[] = [];
    for (const file of skill.files) {
      if (file.kind !== 'text' || !DEPENDENCY_FILES(file.path)) continue;
      eachLine(file, (line, start) => {
        for (const ref of packagesOnLine(line, file.path)) {
          const verdict = judge(ref);
          if (verdict && hits.length < rule.maxPerFile) hits.push({ rule, file: file.path, start, end: start + line.length, message: verdict.message });
        }
      });
    }
    return hits;
  };
}

function eachLine(file: TextFileView, visit: (line: string, start: number) => void): void {
  const text = file.text;
  let start = 0;
  while (start <= text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    visit(text.slice(start, end), start);
    if (newline === -1) break;
    start = newline + 1;
  }
}

export const KNOWN_TYPOSQUAT: CheckDefinition = { confirm: confirmWith(judgeKnown), skill: scanDependencyFiles(judgeKnown) };
export const NEAR_POPULAR_PACKAGE: CheckDefinition = { confirm: confirmWith(judgeNear), skill: scanDependencyFiles(judgeNear) };
