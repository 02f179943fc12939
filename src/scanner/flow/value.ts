/**
 * The abstract values of the flow analysis. A value says which secrets it may carry (`src`), which
 * parameters of the function being summarised flow into it (`par`), what text it may be (`str`,
 * for paths, URLs and commands), and what kind of object it is (the environment mapping, a module,
 * a network or file handle, a function). Values are immutable; `join` merges them.
 */
import type { Fn } from './ir.js';

export type SecretClass =
  /** A whole credential store: a key file, a cloud credential file, a browser profile, the environment. */
  | 'store'
  /** One named secret: an API key in an environment variable, one keychain item, a CLI's token. */
  | 'token';

export interface Source {
  /** What the script does, as a phrase: "reads ~/.ssh/id_rsa", "reads the whole environment (os.environ)". */
  what: string;
  line: number;
  cls: SecretClass;
  /** Lower-case name parts that say whose secret it is ("openai", "github"); empty when generic. */
  owner: string[];
}

/** The character that stands for an unknown part of a string. */
export const UNKNOWN = '\u0001';

export type HandleKind = 'http-client' | 'http-connection' | 'socket' | 'file-write' | 'smtp' | 'websocket' | 'request';

/** An object whose methods send or write: a requests session, a socket, a file opened for writing. */
export interface Handle {
  kind: HandleKind;
  api: string;
  /** Where it sends (a URL or host), or the file it writes. */
  target: Value | null;
  /** Data attached to the handle itself (session headers), sent with every request. */
  attached: Value | null;
  append?: boolean;
}

export interface Value {
  src: readonly Source[];
  /** Bit i: parameter i of the function being summarised flows in. */
  par: number;
  /** Bit i: the content of the file named by parameter i flows in. */
  filePar: number;
  /** Exactly parameter i (so a call substitutes the argument whole), or -1. */
  param: number;
  /** What the text may be: a few alternatives, each possibly holding UNKNOWN; empty when unknown. */
  str: readonly string[];
  /** A concatenation kept in parts, so a command built from it can be re-read with its variables. */
  parts?: readonly (string | Value)[];
  /** Elements of a literal list (for argument vectors). */
  items?: readonly Value[];
  /** Properties of a literal object or dict with known keys (fetch's init, axios's config). */
  props?: ReadonlyMap<string, Value>;
  /** Every secret this value carries sits in a credentials position (an Authorization header, auth=). */
  authOnly?: boolean;
  /** The environment mapping itself (os.environ, process.env). */
  env?: boolean;
  /** Dotted name of the module or API this value is (`requests`, `os.path.join`). */
  mod?: string;
  handle?: Handle;
  fn?: { fn: Fn; closure: unknown };
}

export const EMPTY: Value = Object.freeze({ src: [], par: 0, filePar: 0, param: -1, str: [] });

const MAX_ALTERNATIVES = 8;
const MAX_TEXT = 2048;
const MAX_SOURCES = 8;
const MAX_PARTS = 32;

export function text(s: string): Value {
  return { ...EMPTY, str: [s.length > MAX_TEXT ? s.slice(0, MAX_TEXT) + UNKNOWN : s] };
}

export function tainted(v: Value): boolean {
  return v.src.length > 0 || v.par !== 0 || v.filePar !== 0;
}

export function withSource(v: Value, s: Source): Value {
  return { ...v, src: addSources(v.src, [s]), authOnly: false };
}

function addSources(a: readonly Source[], b: readonly Source[]): readonly Source[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out = [...a];
  for (const s of b) {
    if (out.length >= MAX_SOURCES) break;
    if (!out.some((o) => o.what === s.what && o.line === s.line)) out.push(s);
  }
  return out;
}

function unionStrings(a: readonly string[], b: readonly string[]): readonly string[] {
  if (a.length === 0 || b.length === 0) return [];
  const out = [...a];
  for (const s of b) if (!out.includes(s)) out.push(s);
  return out.length > MAX_ALTERNATIVES ? [] : out;
}

/**
 * Everything either value may carry. Kind markers (module, handle, function) are kept from the
 * first value that has one; text alternatives are merged. `authOnly` holds only when every tainted
 * input had it.
 */
export function join(a: Value, b: Value): Value {
  // EMPTY is the neutral element: "nothing more is known" adds nothing.
  if (a === b || b === EMPTY) return a;
  if (a === EMPTY) return b;
  const ta = tainted(a);
  const tb = tainted(b);
  const out: Value = {
    src: addSources(a.src, b.src),
    par: a.par | b.par,
    filePar: a.filePar | b.filePar,
    param: a.param === b.param ? a.param : -1,
    str: unionStrings(a.str, b.str),
    authOnly: ta && tb ? !!a.authOnly && !!b.authOnly : ta ? a.authOnly : b.authOnly,
  };
  const mod = a.mod ?? b.mod;
  if (mod) out.mod = mod;
  const handle = a.handle ?? b.handle;
  if (handle) out.handle = handle;
  const fn = a.fn ?? b.fn;
  if (fn) out.fn = fn;
  if (a.env || b.env) out.env = true;
  if (a.items || b.items) out.items = [...(a.items ?? []), ...(b.items ?? [])].slice(0, MAX_PARTS);
  if (a.props || b.props) {
    const props = new Map(a.props ?? []);
    for (const [k, v] of b.props ?? []) props.set(k, props.has(k) ? join(props.get(k)!, v) : v);
    out.props = props;
  }
  return out;
}

export function joinAll(values: readonly Value[]): Value {
  let out = EMPTY;
  for (const v of values) out = join(out, v);
  return out;
}

/** The data of a value without what kind of object it was: what a call on it returns by default. */
export function data(v: Value): Value {
  if (!v.mod && !v.handle && !v.fn && !v.env && !v.items && !v.parts && !v.props && v.param === -1) return v;
  return { src: v.src, par: v.par, filePar: v.filePar, param: -1, str: v.str, authOnly: v.authOnly };
}

/** Strings joined in order (an f-string, a template literal, `+`); unknown parts become UNKNOWN. */
export function concat(parts: readonly Value[], separator = ''): Value {
  let alternatives: string[] = [''];
  let taint = EMPTY;
  for (const [i, p] of parts.entries()) {
    taint = join(taint, data(p));
    const options = p.str.length > 0 ? p.str : [UNKNOWN];
    const next: string[] = [];
    for (const a of alternatives) for (const o of options) if (next.length < MAX_ALTERNATIVES) next.push((i > 0 ? a + separator : a) + o);
    alternatives = next.map((s) => (s.length > MAX_TEXT ? s.slice(0, MAX_TEXT) + UNKNOWN : s));
  }
  const out: Value = { ...taint, str: alternatives, param: -1 };
  if (parts.length <= MAX_PARTS && parts.some((p) => tainted(p) || p.str.length !== 1)) {
    out.parts = separator === '' ? parts.map((p) => (p.str.length === 1 && !tainted(p) ? p.str[0]! : p)) : undefined;
    if (!out.parts) delete out.parts;
  }
  return out;
}

/** The value with `authOnly` set, when it carries anything. */
export function asCredential(v: Value): Value {
  return tainted(v) ? { ...v, authOnly: true } : v;
}

/** Substitutes a call's arguments for the parameters a summarised value depends on. */
export function substitute(v: Value, args: readonly Value[], fileContent: (arg: Value) => Value): Value {
  if (v.par === 0 && v.filePar === 0) return v;
  if (v.param >= 0) {
    const whole = args[v.param] ?? EMPTY;
    return v.src.length > 0 ? join(whole, { ...EMPTY, src: v.src }) : whole;
  }
  let out: Value = { ...v, par: 0, filePar: 0, param: -1 };
  for (let i = 0; i < 31; i++) {
    const arg = args[i];
    if (!arg) continue;
    if (v.par & (1 << i)) out = join(out, data(arg));
    if (v.filePar & (1 << i)) out = join(out, fileContent(arg));
  }
  return out;
}
