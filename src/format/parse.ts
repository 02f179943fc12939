import { createHash } from 'node:crypto';
import { splitFrontmatter } from './frontmatter.js';
import {
  CONFORMANT_NAME,
  CONFORMANT_NAME_MAX,
  DEFAULT_LIMITS,
  formatBytes,
  MAX_BODY_LINES,
  MAX_DESCRIPTION_CHARS,
  SAFE_NAME,
  tooLargeMessage,
  type FormatLimits,
} from './limits.js';
import { splitToolList } from './tools-list.js';
import { readFrontmatter, type FrontmatterValues } from './yaml-frontmatter.js';
import type { Diagnostic, ParseOutcome, SkillLayout, SkillManifest } from './types.js';
import { DEFAULT_VERSION, readVersion } from './version.js';

export interface ParseOptions {
  /** Path shown in diagnostics. */
  file: string;
  layout?: SkillLayout;
  /**
   * The name the location implies: the folder of an Agent Skills `SKILL.md`, or the file name of a
   * flat `<category>/<name>.md`. A different frontmatter `name` is a warning.
   */
  expectedName?: string;
  /** Category used when the frontmatter has none (the parent folder in the flat layout). */
  defaultCategory?: string;
  limits?: Partial<FormatLimits>;
}

export const DEFAULT_CATEGORY = 'uncategorized';

const NOT_BLANK = /\S/;
const LEADING_BLANK_LINES = /^(?:[ \t]*\r?\n)+/;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Parses and validates one skill file. Never throws on any input. */
export function parseSkill(raw: Uint8Array | string, options: ParseOptions): ParseOutcome {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const diagnostics = new DiagnosticList(options.file);
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;

  if (bytes.byteLength > limits.maxFileBytes) {
    diagnostics.error('file_too_large', 'file', tooLargeMessage(bytes.byteLength, limits.maxFileBytes));
    return diagnostics.failed();
  }
  let text: string;
  try {
    text = typeof raw === 'string' ? raw : utf8.decode(bytes);
  } catch {
    diagnostics.error('not_text', 'file', 'file is not UTF-8 text; save it as UTF-8 markdown');
    return diagnostics.failed();
  }
  if (text.includes('\u0000')) {
    diagnostics.error('not_text', 'file', 'file contains NUL bytes; a skill must be a text file');
    return diagnostics.failed();
  }

  const split = splitFrontmatter(text);
  if (split === null) {
    diagnostics.error('no_frontmatter', 'frontmatter', 'file has no frontmatter; start it with a `---` line, YAML fields (at least `name`), and a closing `---` line', 1);
    return diagnostics.failed();
  }
  if (split === 'unterminated') {
    diagnostics.error('unterminated_frontmatter', 'frontmatter', 'frontmatter opened on line 1 is never closed; add a `---` line after the YAML fields', 1);
    return diagnostics.failed();
  }
  if (Buffer.byteLength(split.yaml) > limits.maxFrontmatterBytes) {
    diagnostics.error('frontmatter_too_large', 'frontmatter', `frontmatter is larger than ${formatBytes(limits.maxFrontmatterBytes)}; move long text into the body`, split.yamlLine);
    return diagnostics.failed();
  }

  const frontmatter = readFrontmatter(split.yaml, split.yamlLine, limits, diagnostics);
  if (!frontmatter) return diagnostics.failed();

  const manifest = readManifest(frontmatter, options, diagnostics);
  checkBody(split.body, split.bodyLine, diagnostics);
  if (!manifest || diagnostics.hasErrors()) return diagnostics.failed();

  const contentHash = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  const warnings = diagnostics.list();
  // Blank lines between the closing fence and the first heading are layout, not content. Sliced
  // off rather than replaced, so the body is not copied.
  const leading = LEADING_BLANK_LINES.exec(split.body);
  const body = leading ? split.body.slice(leading[0].length) : split.body;
  return { ok: true, skill: { manifest, body, contentHash, warnings }, diagnostics: warnings };
}

/**
 * Reads the known fields. Line numbers (`fm.lineOf`) are looked up only when a diagnostic needs
 * one: finding them means scanning the frontmatter again, which a clean file never needs.
 */
function readManifest(fm: FrontmatterValues, options: ParseOptions, d: DiagnosticList): SkillManifest | null {
  const v = fm.values;
  const field = <T>(key: string, read: (value: unknown) => T | undefined, expected: string): T | undefined => {
    const value = v[key];
    if (value === undefined || value === null) return undefined;
    const result = read(value);
    if (result === undefined) d.error('wrong_type', key, `\`${key}\` must be ${expected}, not ${describe(value)}`, fm.lineOf(key));
    return result;
  };

  const name = field('name', str, 'a string');
  if (v.name === undefined || v.name === null) d.error('missing_field', 'name', 'frontmatter has no `name`; add `name: <skill-name>`', fm.lineOf('name'));
  if (name !== undefined) checkName(name, () => fm.lineOf('name'), options, d);

  const description = field('description', str, 'a string') ?? '';
  const category = field('category', str, 'a string');
  const author = field('author', str, 'a string');
  const license = field('license', str, 'a string');
  const compatibility = field('compatibility', str, 'a string');
  const requiresRole = field('requires_role', str, 'a string');
  const requiresTools = field('requires_tools', strList, 'a list of tool names') ?? [];
  const dangerous = field('dangerous', bool, 'true or false (without quotes)') ?? false;
  const enabled = field('enabled', bool, 'true or false (without quotes)') ?? true;
  const budgetMax = field('budget_max', (value) => (Number.isSafeInteger(value) && (value as number) > 0 ? (value as number) : undefined), 'a positive whole number of tokens');
  const metadata = field('metadata', (value) => (isPlainObject(value) ? value : undefined), 'a mapping of keys to values') ?? {};
  const allowedKey = v['allowed-tools'] !== undefined ? 'allowed-tools' : 'allowed_tools';
  const allowedTools =
    field(allowedKey, (value) => (typeof value === 'string' ? splitToolList(value) : strList(value)), 'a space-separated string or a list of tool names') ?? [];
  const version = readManifestVersion(fm, d);

  const layout = options.layout ?? 'agent-skills';
  if (layout === 'agent-skills' && !description.trim()) {
    d.error('missing_field', 'description', 'an Agent Skills SKILL.md needs a `description` saying what the skill does and when to use it', fm.lineOf('description'));
  }
  if (dangerous && !description.trim()) {
    d.error('missing_field', 'description', 'a skill marked `dangerous: true` must have a `description` saying what it does', fm.lineOf('dangerous'));
  }
  if (description.length > MAX_DESCRIPTION_CHARS) {
    d.warning('description_too_long', 'description', `description is ${description.length} characters; Agent Skills allows at most ${MAX_DESCRIPTION_CHARS}`, fm.lineOf('description'));
  }

  if (name === undefined || version === undefined) return null;
  const metadataCategory = typeof metadata.category === 'string' ? metadata.category : undefined;
  return {
    name,
    version,
    description,
    category: (category ?? metadataCategory ?? options.defaultCategory ?? DEFAULT_CATEGORY).trim() || DEFAULT_CATEGORY,
    author: author ?? null,
    license: license ?? null,
    compatibility: compatibility ?? null,
    requires_role: requiresRole ?? null,
    requires_tools: requiresTools,
    allowed_tools: allowedTools,
    dangerous,
    enabled,
    budget_max: budgetMax ?? null,
    metadata: metadata as Record<string, unknown>,
    frontmatter: v,
  };
}

const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
const bool = (value: unknown) => (typeof value === 'boolean' ? value : undefined);
const strList = (value: unknown) => (Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : undefined);

function readManifestVersion(fm: FrontmatterValues, d: DiagnosticList): string | undefined {
  const value = fm.values.version;
  if (value === undefined || value === null) return DEFAULT_VERSION;
  const line = () => fm.lineOf('version');
  // A bare `1.0` is a YAML number; its source text is what the author meant.
  const written = typeof value === 'string' ? value : typeof value === 'number' ? (fm.sourceOf('version') ?? String(value)) : undefined;
  if (written === undefined) {
    d.error('wrong_type', 'version', `\`version\` must be a semantic version such as "1.2.0", not ${describe(value)}`, line());
    return undefined;
  }
  const reading = readVersion(written);
  if (reading.kind === 'invalid') {
    d.error('invalid_version', 'version', `version "${reading.from}" is not a semantic version; write it as MAJOR.MINOR.PATCH, e.g. "1.2.0"`, line());
    return undefined;
  }
  // Keep the version as written in the returned frontmatter: YAML reads `1.10` as the number 1.1.
  if (typeof value === 'number') fm.values.version = written;
  if (reading.kind === 'coerced') {
    d.warning('version_coerced', 'version', `version "${reading.from}" was read as "${reading.version}"; write it as "${reading.version}"`, line());
  }
  return reading.version;
}

function checkName(name: string, line: () => number, options: ParseOptions, d: DiagnosticList): void {
  if (!SAFE_NAME.test(name) || name.includes('..')) {
    d.error('invalid_name', 'name', `name ${JSON.stringify(name.slice(0, 80))} is not usable: use letters, digits, '.', '_' and '-', starting with a letter or digit, at most 128 characters, no '..'`, line());
    return;
  }
  if (!CONFORMANT_NAME.test(name) || name.length > CONFORMANT_NAME_MAX) {
    d.warning('name_not_conformant', 'name', `name "${name}" does not follow the Agent Skills rule (lowercase letters, digits and single hyphens, at most ${CONFORMANT_NAME_MAX} characters)`, line());
  }
  if (options.expectedName !== undefined && !namesMatch(name, options.expectedName)) {
    const where = options.layout === 'flat' ? 'file name' : 'folder name';
    d.warning('name_mismatch', 'name', `name "${name}" differs from its ${where} "${options.expectedName}"`, line());
  }
}

/** `deep-research` matches a file or folder named `deep-research`, `deep-research-1.0.0` or `deep-research@1.0.0`. */
function namesMatch(name: string, located: string): boolean {
  if (located === name) return true;
  const rest = located.startsWith(`${name}-`) || located.startsWith(`${name}@`) ? located.slice(name.length + 1) : undefined;
  return rest !== undefined && readVersion(rest).kind !== 'invalid' && /^v?\d/.test(rest);
}

function checkBody(body: string, bodyLine: number, d: DiagnosticList): void {
  if (!NOT_BLANK.test(body)) {
    d.error('empty_body', 'body', 'skill has no instructions after the frontmatter; write the markdown body the agent should follow', bodyLine);
    return;
  }
  let lines = body.endsWith('\n') ? 0 : 1;
  for (let i = body.indexOf('\n'); i !== -1; i = body.indexOf('\n', i + 1)) lines++;
  if (lines > MAX_BODY_LINES) {
    d.warning('body_too_long', 'body', `body is ${lines} lines; Agent Skills recommends at most ${MAX_BODY_LINES}, move detail into references/`, bodyLine);
  }
}

export class DiagnosticList {
  private readonly items: Diagnostic[] = [];
  constructor(private readonly file: string) {}

  error(code: string, field: string, message: string, line?: number): void {
    this.items.push(this.make('error', code, field, message, line));
  }
  warning(code: string, field: string, message: string, line?: number): void {
    this.items.push(this.make('warning', code, field, message, line));
  }
  hasErrors(): boolean {
    return this.items.some((item) => item.severity === 'error');
  }
  list(): Diagnostic[] {
    return [...this.items];
  }
  failed(): ParseOutcome {
    return { ok: false, diagnostics: this.list() };
  }
  private make(severity: Diagnostic['severity'], code: string, field: string, message: string, line?: number): Diagnostic {
    return line === undefined ? { severity, code, file: this.file, field, message } : { severity, code, file: this.file, field, line, message };
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a date';
  if (typeof value === 'object' && value !== null) return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '...' : value)}`;
  return `${typeof value} ${String(value)}`;
}
