/** Pieces the Python and JavaScript API tables share: the environment, files, folder walks, commands. */
import { runCommand } from './bridge.js';
import type { Part, Role } from './context.js';
import type { Call, Evaluator } from './evaluate.js';
import { isHomeVariable, secretEnvName, secretPath } from './sources.js';
import { EMPTY, type Value, concat, data, join, text, withSource } from './value.js';

/** The environment mapping itself; sending it whole sends every variable. */
export function environment(label: string, at: number, ev: Evaluator): Value {
  return { ...withSource(EMPTY, { what: `reads the whole environment (${label})`, line: ev.ctx.lineOf(at), cls: 'store', owner: [] }), env: true };
}

/** One environment variable by name (null: a name computed at run time, so possibly any of them). */
export function environmentVariable(name: string | null, at: number, ev: Evaluator, label: string): Value {
  if (name === null) return withSource(EMPTY, { what: `reads the whole environment (${label})`, line: ev.ctx.lineOf(at), cls: 'store', owner: [] });
  if (isHomeVariable(name)) return text('~');
  const secret = secretEnvName(name);
  if (!secret) return EMPTY;
  return withSource(EMPTY, { what: `reads the environment variable ${name}`, line: ev.ctx.lineOf(at), cls: 'token', owner: secret.owner });
}

/** The single literal text of a value, if it has one. */
export function literal(v: Value | undefined): string | null {
  return v && v.str.length === 1 && !v.str[0]!.includes('\u0001') ? v.str[0]! : null;
}

/** Listing or walking a folder: the home folder walked is a source; the entries keep the folder's path. */
export function walk(dir: Value, at: number, ev: Evaluator, recursive: boolean, pattern = ''): Value {
  const path = pattern ? concat([dir, text(pattern)], '/') : concat([dir, text('*')], '/');
  let out: Value = { ...data(dir), str: path.str };
  const home = dir.str.some((s) => secretPath(s)?.label === 'the whole home directory');
  if (home && (recursive || pattern.includes('**'))) out = withSource(out, { what: 'walks the whole home directory', line: ev.ctx.lineOf(at), cls: 'store', owner: [] });
  return out;
}

/** What a glob pattern matches: paths like the pattern; `~/**` walks the whole home folder. */
export function globbed(pattern: Value, at: number, ev: Evaluator): Value {
  let out: Value = { ...data(pattern), str: pattern.str };
  if (pattern.str.some((s) => s.includes('**') && secretPath(s.slice(0, s.indexOf('**')).replace(/\/$/, '') || '~')?.label === 'the whole home directory')) {
    out = withSource(out, { what: 'walks the whole home directory', line: ev.ctx.lineOf(at), cls: 'store', owner: [] });
  }
  return out;
}

/** A whole folder's content (an archive of it, a copy of the tree). */
export function treeContent(dir: Value, at: number, ev: Evaluator): Value {
  let out = ev.fileContent(concat([dir, text('*')], '/'), at);
  if (dir.str.some((s) => secretPath(s)?.label === 'the whole home directory')) out = withSource(out, { what: 'walks the whole home directory', line: ev.ctx.lineOf(at), cls: 'store', owner: [] });
  return join(out, data(dir));
}

export function command(ev: Evaluator, c: Call, cmd: Value | undefined, asList: boolean): Value {
  if (!cmd) return EMPTY;
  return runCommand(ev.ctx, () => ev.tick(), cmd, c.at, c.end, asList);
}

export function part(role: Role, v: Value | undefined): Part[] {
  return v ? [{ role: v.authOnly && role === 'header' ? 'credentials' : role, v }] : [];
}
