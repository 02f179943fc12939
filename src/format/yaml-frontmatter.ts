import { CORE_SCHEMA, load } from 'js-yaml';
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { FormatLimits } from './limits.js';
import type { DiagnosticList } from './parse.js';

/** Frontmatter values with a way back to where each key was written. */
export interface FrontmatterValues {
  values: Record<string, unknown>;
  lineOf: (key: string) => number;
  /** The value's text as written (to recover `1.10` from the number 1.1). */
  sourceOf: (key: string) => string | undefined;
}

/**
 * Reads the frontmatter block. Most frontmatter is a flat, well-formed mapping, which js-yaml
 * reads several times faster than the `yaml` package; anything that may use anchors and aliases,
 * or that js-yaml refuses, goes through `yaml`, which bounds alias expansion and reports errors
 * with positions.
 */
export function readFrontmatter(yamlText: string, firstLine: number, limits: FormatLimits, diagnostics: DiagnosticList): FrontmatterValues | null {
  return readFast(yamlText, firstLine) ?? readPrecise(yamlText, firstLine, limits, diagnostics);
}

/** An `&anchor` or `*alias` could start here; plain text like `Bash(git:*)` does not trigger it. */
const MAY_ALIAS = /(?:^|[\s[{,])[&*][^\s*]/m;

function readFast(yamlText: string, firstLine: number): FrontmatterValues | undefined {
  if (MAY_ALIAS.test(yamlText)) return undefined;
  let values: unknown;
  try {
    values = load(yamlText, { schema: CORE_SCHEMA, json: false });
  } catch {
    return undefined; // let the precise reader explain the problem
  }
  if (typeof values !== 'object' || values === null || Array.isArray(values)) return undefined;
  let keys: Map<string, { line: number; text: string }> | undefined;
  const lookup = (key: string) => (keys ??= scanTopLevelKeys(yamlText, firstLine)).get(key);
  return {
    values: values as Record<string, unknown>,
    lineOf: (key) => lookup(key)?.line ?? firstLine,
    sourceOf: (key) => lookup(key)?.text,
  };
}

/** Finds `key: value` lines at column 0: enough to point diagnostics at the right line. */
function scanTopLevelKeys(yamlText: string, firstLine: number): Map<string, { line: number; text: string }> {
  const keys = new Map<string, { line: number; text: string }>();
  const lines = yamlText.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const first = line.charCodeAt(0);
    // Skip blank, indented, comment and list lines.
    if (!line || first === 32 || first === 9 || first === 35 || first === 45) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().replace(/^(["'])(.*)\1$/, '$2');
    if (!keys.has(key)) keys.set(key, { line: firstLine + i, text: line.slice(colon + 1).replace(/\s#.*$/, '').trim() });
  }
  return keys;
}

function readPrecise(yamlText: string, firstLine: number, limits: FormatLimits, diagnostics: DiagnosticList): FrontmatterValues | null {
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(yamlText, { lineCounter, uniqueKeys: true, prettyErrors: true });
  } catch (err) {
    diagnostics.error('yaml_syntax', 'frontmatter', `frontmatter could not be read as YAML (${(err as Error).message})`, firstLine);
    return null;
  }
  const fileLine = (offset: number) => lineCounter.linePos(offset).line + firstLine - 1;

  if (doc.errors.length > 0) {
    // An unclosed bracket or quote is detected at the end of the block; point at the last real line instead.
    const lastContent = Math.max(0, yamlText.trimEnd().length - 1);
    for (const e of doc.errors.slice(0, 5)) {
      diagnostics.error('yaml_syntax', 'frontmatter', `invalid YAML: ${firstSentence(e.message)}`, fileLine(Math.min(e.pos[0], lastContent)));
    }
    return null;
  }
  if (!isMap(doc.contents)) {
    const what = doc.contents === null ? 'empty' : isScalar(doc.contents) ? 'a single value' : 'a list';
    diagnostics.error('frontmatter_not_mapping', 'frontmatter', `frontmatter is ${what}; it must be a YAML mapping of fields such as \`name: my-skill\``, firstLine);
    return null;
  }

  let values: unknown;
  try {
    values = doc.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (err) {
    const message = err instanceof ReferenceError
      ? 'frontmatter expands too many YAML aliases; write the values out instead of referencing anchors'
      : `frontmatter could not be read (${firstSentence((err as Error).message)})`;
    diagnostics.error('yaml_aliases', 'frontmatter', message, firstLine);
    return null;
  }

  const keyLines = new Map<string, number>();
  const keySources = new Map<string, string>();
  for (const pair of doc.contents.items) {
    const key = pair.key as YamlNode | null;
    if (!isScalar(key)) continue;
    const name = String(key.value);
    if (key.range) keyLines.set(name, fileLine(key.range[0]));
    const value = pair.value as YamlNode | null;
    if (value?.range) keySources.set(name, yamlText.slice(value.range[0], value.range[1]));
  }
  return {
    values: values as Record<string, unknown>,
    lineOf: (key) => keyLines.get(key) ?? firstLine,
    sourceOf: (key) => keySources.get(key),
  };
}

function firstSentence(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '');
}
