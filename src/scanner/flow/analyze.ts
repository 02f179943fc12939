/**
 * Runs the flow analysis over the scripts of a skill: Python, JavaScript/TypeScript and shell
 * files (by extension, or by the `#!` line of a file without one). A script is parsed only when a
 * cheap literal test finds both something that could be a secret source and something that could
 * send it, or a path it could write to; the rest of the file's reading is the line rules'. A
 * script that cannot be parsed, or is over the size or time this analysis allows, is reported as
 * such and left to the line rules.
 */
import { RE2JS } from 're2js';
import type { TextFileView, SkillView } from '../engine/types.js';
import { FileBudget, FileBudgetExceeded, type Budget } from './budget.js';
import { FlowContext, type FlowFinding } from './context.js';
import { Evaluator, StepLimit } from './evaluate.js';
import { JAVASCRIPT_API } from './javascript-api.js';
import { parseJavaScript } from './javascript.js';
import { PYTHON_API } from './python-api.js';
import { parsePython } from './python.js';
import { ShellAnalyzer } from './shell.js';
import { ShellSyntaxError } from './shell-lex.js';

export type Language = 'python' | 'javascript' | 'typescript' | 'shell';

export type NoteRule = 'flow.unparsed' | 'flow.not-analysed';

export interface ScriptFlows {
  path: string;
  language: Language;
  findings: FlowFinding[];
  note: { rule: NoteRule; message: string; offset: number } | null;
}

/** Scripts larger than this are left to the line rules (and reported). */
export const MAX_ANALYSED_BYTES = 1024 * 1024;
/** Time one script's analysis may take. */
export const FILE_BUDGET_MS = 2000;

/**
 * Brackets nested deeper than this are not parsed: no script a person writes comes near it, and
 * the parsers' cost and stack grow with the depth.
 */
export const MAX_NESTING = 100;

/** The deepest nesting of (), [] and {} in a text, in one pass (quotes are not told apart: an over-estimate is safe). */
function bracketDepth(src: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) {
      if (++depth > max) max = depth;
    } else if ((c === 41 || c === 93 || c === 125) && depth > 0) depth--;
  }
  return max;
}

const LANGUAGE_NAMES: Record<Language, string> = { python: 'Python', javascript: 'JavaScript', typescript: 'TypeScript', shell: 'shell' };

export function languageOf(path: string, text: string): Language | null {
  const lower = path.toLowerCase();
  const ext = lower.slice(lower.lastIndexOf('.') + 1);
  if (lower.lastIndexOf('.') > lower.lastIndexOf('/')) {
    if (ext === 'py' || ext === 'pyw') return 'python';
    if (ext === 'js' || ext === 'mjs' || ext === 'cjs' || ext === 'jsx') return 'javascript';
    if (ext === 'ts' || ext === 'mts' || ext === 'cts' || ext === 'tsx') return 'typescript';
    if (ext === 'sh' || ext === 'bash' || ext === 'zsh' || ext === 'ksh' || ext === 'command') return 'shell';
    return null;
  }
  if (!text.startsWith('#!')) return null;
  const line = text.slice(0, Math.min(text.length, 120)).split('\n')[0]!;
  if (line.includes('python')) return 'python';
  if (line.includes('node') || line.includes('deno') || line.includes('bun')) return line.includes('ts-node') || line.includes('tsx') ? 'typescript' : 'javascript';
  if (/\b(ba|z|k|da)?sh\b/.test(line)) return 'shell';
  return null;
}

const FLAGS = RE2JS.CASE_INSENSITIVE;
/** Something that could read a secret. */
const SOURCE_HINT = RE2JS.compile(String.raw`environ|getenv|process\.env|import\.meta\.env|Deno\.env|\$\{?[A-Za-z_]|\.ssh|\.aws|\.kube|\.docker|netrc|credential|gh\s+auth|keychain|security\s+(?:find|dump)|secret|keyring|keytar|login\s+data|cookies|local\s+state|expanduser|homedir|home|~/|token|password|passwd|printenv|\benv\b|wallet|gnupg|gcloud|azure|\.config|\.env|history|shadow|kubectl|op\s+read|vault`, FLAGS);
/** Something that could send it. */
const SINK_HINT = RE2JS.compile(String.raw`curl|wget|\bnc\b|ncat|netcat|socat|telnet|ssh\b|scp|rsync|ftp|http|socket|fetch|axios|request|\bgot\b|urlopen|smtp|mail|dns|gethostby|getaddrinfo|nslookup|\bdig\b|\bhost\s|gist|\bgh\s+(?:api|issue|pr|release|discussion)\b|paste|beacon|websocket|dgram|\bnet\b|/dev/tcp|/dev/udp|webbrowser|xdg-open|subprocess|os\.system|popen|child_process|execa|\bzx\b|Bun\.|Deno\.|undici|superagent|needle|\bky\b|\bopen\(`, FLAGS);
/** Somewhere it could write that matters. */
const WRITE_HINT = RE2JS.compile(String.raw`bashrc|zshrc|zshenv|bash_profile|zprofile|\.profile|crontab|cron\.|launchagents|launchdaemons|systemd|autostart|authorized_keys|skill\.md|skills/|\.claude|\.codex|\.cursor|\.agents|\.gemini|\.windsurf|claude\.md|agents\.md|powershell_profile|config\.fish|rc\.local|profile\.d|cursorrules|\.mcp\.json`, FLAGS);

/** Whether a script holds anything the flow analysis could report. */
export function worthAnalysing(text: string): boolean {
  return (SOURCE_HINT.test(text) && SINK_HINT.test(text)) || WRITE_HINT.test(text);
}

const cache = new WeakMap<SkillView, ScriptFlows[]>();
/** Per skill: scripts whose data flow was read whole (parsed without error, within the limits). */
const complete = new WeakMap<SkillView, Set<string>>();

/** Paths of the scripts of a skill that the flow analysis read whole (empty before skillFlows ran). */
export function analysedScripts(skill: SkillView): ReadonlySet<string> {
  return complete.get(skill) ?? new Set();
}

/** The flows of every script of a skill, computed once per scan. */
export function skillFlows(skill: SkillView, scan: Budget): ScriptFlows[] {
  const known = cache.get(skill);
  if (known) return known;
  const out: ScriptFlows[] = [];
  const whole = new Set<string>();
  for (const file of skill.files) {
    if (file.kind !== 'text') continue;
    const language = languageOf(file.path, file.text);
    if (!language) continue;
    scan.check();
    const result = analyseScript(file, language, scan);
    if (result) out.push(result);
    if (!result?.note) whole.add(file.path);
  }
  cache.set(skill, out);
  complete.set(skill, whole);
  return out;
}

export function analyseScript(file: TextFileView, language: Language, scan: Budget): ScriptFlows | null {
  const src = file.text;
  if (src.length > MAX_ANALYSED_BYTES) {
    return { path: file.path, language, findings: [], note: { rule: 'flow.not-analysed', offset: -1, message: `${file.path} is over ${MAX_ANALYSED_BYTES / 1024 / 1024} MB, so its data flow was not analysed; only the line rules read it` } };
  }
  if (!worthAnalysing(src)) return null;
  const depth = bracketDepth(src);
  if (depth > MAX_NESTING) {
    return { path: file.path, language, findings: [], note: { rule: 'flow.not-analysed', offset: -1, message: `${file.path} nests brackets more than ${MAX_NESTING} levels deep, so its data flow was not analysed; only the line rules read it` } };
  }
  let starts: Uint32Array | null = null;
  const lineOf = (offset: number) => {
    if (!starts) {
      let count = 1;
      for (let i = src.indexOf('\n'); i !== -1; i = src.indexOf('\n', i + 1)) count++;
      starts = new Uint32Array(count);
      let l = 1;
      for (let i = src.indexOf('\n'); i !== -1; i = src.indexOf('\n', i + 1)) starts[l++] = i + 1;
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const ctx = new FlowContext(lineOf);
  const budget = new FileBudget(scan, FILE_BUDGET_MS);
  const name = LANGUAGE_NAMES[language];
  let note: ScriptFlows['note'] = null;
  try {
    if (language === 'shell') {
      new ShellAnalyzer(ctx, () => budget.check()).run(src, 0);
    } else if (language === 'python') {
      const parsed = parsePython(src, budget);
      if (parsed.errors > 0) note = { rule: 'flow.unparsed', offset: parsed.firstError, message: `${file.path} has ${parsed.errors} Python syntax error(s), the first on line ${lineOf(parsed.firstError)}; its data flow was analysed from what could be parsed, and the line rules read all of it` };
      new Evaluator(ctx, PYTHON_API, budget).run(parsed.body);
    } else {
      const parsed = parseJavaScript(src, language === 'typescript', file.path);
      if ('error' in parsed) {
        note = { rule: 'flow.unparsed', offset: parsed.offset, message: `${file.path} could not be parsed as ${name} (line ${lineOf(parsed.offset)}: ${parsed.error}); its data flow was not analysed, only the line rules read it` };
      } else new Evaluator(ctx, JAVASCRIPT_API, budget).run(parsed.body);
    }
  } catch (err) {
    if (err instanceof ShellSyntaxError) note = { rule: 'flow.unparsed', offset: err.offset, message: `${file.path} could not be parsed as shell (line ${lineOf(err.offset)}: ${err.message}); its data flow was not analysed, only the line rules read it` };
    else if (err instanceof FileBudgetExceeded || err instanceof StepLimit) note = { rule: 'flow.not-analysed', offset: -1, message: `${file.path}: ${err.message}, so its data flow was analysed only in part; the line rules read all of it` };
    else if (err instanceof RangeError) note = { rule: 'flow.not-analysed', offset: -1, message: `${file.path} is nested too deeply for its data flow to be analysed; the line rules read all of it` };
    else throw err;
  }
  const findings = [...ctx.findings.values()];
  if (findings.length === 0 && !note) return null;
  return { path: file.path, language, findings, note };
}
