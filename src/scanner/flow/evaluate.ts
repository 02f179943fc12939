/**
 * The flow analysis over the lowered program (ir.ts), shared by Python and JavaScript/TypeScript.
 * Flow-insensitive within a function (each body is run twice, so a value assigned late in a loop
 * reaches a use early in it) and summary-based across functions of the file: a function is run
 * once with its parameters as symbols, and each call substitutes its arguments into the
 * function's return value and into the sinks its parameters reach. What a library call does is
 * told by the language's API table; an unknown call returns what its arguments and receiver
 * carry. Work is bounded by a step budget and the scan's deadline.
 */
import type { Budget } from './budget.js';
import type { FlowContext, Sink } from './context.js';
import type { Expr, Fn, Stmt, Target } from './ir.js';
import { secretPath } from './sources.js';
import { EMPTY, type Value, concat, data, join, joinAll, substitute, tainted, text, withSource } from './value.js';

export interface Call {
  args: Value[];
  argExprs: Expr[];
  kw: Map<string, Value>;
  kwExprs: Map<string, Expr>;
  at: number;
  end: number;
  /** The object a method is called on, when the callee is `obj.name`. */
  recv: Value | null;
}

/** What a language's libraries do, as far as flows go. `undefined`: not known, use the default. */
export interface Api {
  /** The value of a dotted name read as an attribute of a module (`os.environ`, `process.env`). */
  attr(name: string, at: number, ev: Evaluator): Value | undefined;
  call(name: string, c: Call, ev: Evaluator): Value | undefined;
  method(recv: Value, name: string, c: Call, ev: Evaluator): Value | undefined;
  /** Names bound in every file: `self`/`this` aside, what an unbound name stands for. */
  selfNames: readonly string[];
}

export class StepLimit extends Error {
  constructor() {
    super('the analysis of this file took more steps than allowed');
  }
}

/** Steps of evaluation per file; an ordinary script takes a few thousand. */
const MAX_STEPS = 2_000_000;
const PASSES = 2;

class Scope {
  readonly vars = new Map<string, Value>();
  constructor(readonly parent: Scope | null) {}

  lookup(id: string): Value | undefined {
    for (let s: Scope | null = this; s; s = s.parent) {
      const v = s.vars.get(id);
      if (v) return v;
    }
    return undefined;
  }

  bind(id: string, v: Value, declare: boolean): void {
    if (!declare) {
      for (let s: Scope | null = this; s; s = s.parent) {
        const old = s.vars.get(id);
        if (old) {
          s.vars.set(id, join(old, v));
          return;
        }
      }
    }
    const old = this.vars.get(id);
    this.vars.set(id, old ? join(old, v) : v);
  }
}

interface Summary {
  ret: Value;
  pending: Sink[];
}

/** Methods that put their arguments into the object they are called on. */
/** Methods that read the file named by their argument into their receiver. */
const READS_INTO_RECEIVER = new Set(['read', 'read_file', 'readfp']);
/** Calls that copy their first argument's file to their second. */
const COPIES = new Set(['shutil.copy', 'shutil.copy2', 'shutil.copyfile', 'shutil.move', 'os.rename', 'os.replace']);
const MUTATORS = new Set(['append', 'extend', 'insert', 'add', 'update', 'push', 'unshift', 'set', 'setdefault', 'write', 'writelines', 'writestr', 'put', 'append_header', 'assign', 'setAttribute', 'setItem', 'merge']);

export class Evaluator {
  private steps = 0;
  private readonly module = new Scope(null);
  private readonly fields = new Map<string, Value>();
  private readonly methods = new Map<string, { fn: Fn; closure: Scope }>();
  private readonly functions: Array<{ fn: Fn; closure: Scope }> = [];
  private summaries = new Map<Fn, Summary | 'busy'>();
  private readonly returns: Value[] = [];

  constructor(
    readonly ctx: FlowContext,
    private readonly api: Api,
    private readonly deadline: Budget,
  ) {}

  run(body: Stmt[]): void {
    this.hoist(body, this.module);
    for (let pass = 0; pass < PASSES; pass++) {
      if (pass > 0) this.summaries = new Map();
      this.block(body, this.module);
      // Functions nobody calls in this file (handlers, exported helpers) still count; running them
      // all also sets the object fields (`self.x`, `this.x`) that the next pass reads.
      for (let i = 0; i < this.functions.length; i++) this.summarise(this.functions[i]!.fn, this.functions[i]!.closure);
    }
  }

  tick(): void {
    if (++this.steps > MAX_STEPS) throw new StepLimit();
    if ((this.steps & 4095) === 0) this.deadline.check();
  }

  private hoist(body: Stmt[], scope: Scope): void {
    for (const s of body) {
      if (s.k === 'def') this.define(s.fn, scope);
      else if (s.k === 'class') for (const m of s.body) if (m.k === 'def') this.define(m.fn, scope);
    }
  }

  private define(fn: Fn, scope: Scope): void {
    if (this.functions.some((f) => f.fn === fn)) return;
    this.functions.push({ fn, closure: scope });
    if (fn.method && fn.name) this.methods.set(fn.name, { fn, closure: scope });
    else if (fn.name) scope.bind(fn.name, { ...EMPTY, fn: { fn, closure: scope } }, true);
  }

  private block(body: Stmt[], scope: Scope): void {
    for (const s of body) this.stmt(s, scope);
  }

  private stmt(s: Stmt, scope: Scope): void {
    this.tick();
    switch (s.k) {
      case 'assign': {
        const v = this.expr(s.e, scope);
        for (const t of s.targets) this.assign(t, v, scope, s.decl);
        return;
      }
      case 'expr':
        this.expr(s.e, scope);
        return;
      case 'ret': {
        const v = this.expr(s.e, scope);
        if (this.returns.length > 0) this.returns[this.returns.length - 1] = join(this.returns[this.returns.length - 1]!, v);
        return;
      }
      case 'def':
        this.define(s.fn, scope);
        return;
      case 'class':
        this.hoist(s.body, scope);
        for (const m of s.body) if (m.k !== 'def') this.stmt(m, scope);
        return;
      case 'for':
        this.assign(s.t, this.element(this.expr(s.e, scope)), scope, true);
        this.block(s.body, scope);
        return;
      case 'with':
        for (const item of s.items) {
          const v = this.expr(item.e, scope);
          if (item.t) this.assign(item.t, v, scope, true);
        }
        this.block(s.body, scope);
        return;
      case 'block':
        this.block(s.body, scope);
        return;
      case 'import':
        scope.bind(s.name, { ...EMPTY, mod: s.module }, true);
        return;
    }
  }

  /** One element of a collection: a list's items, or the collection's own data (glob results keep their pattern). */
  element(v: Value): Value {
    if (v.items && v.items.length > 0) return joinAll(v.items.map(data));
    return data(v);
  }

  private assign(t: Target, v: Value, scope: Scope, declare: boolean): void {
    switch (t.k) {
      case 'name':
        scope.bind(t.id, v, declare);
        return;
      case 'attr':
      case 'index': {
        if (t.obj.k === 'name' && this.api.selfNames.includes(t.obj.id) && t.k === 'attr') {
          const old = this.fields.get(t.name);
          this.fields.set(t.name, old ? join(old, v) : v);
          return;
        }
        // Storing into a container taints the container (a variable of the script, not a module or global).
        const root = rootName(t.obj);
        const held = root ? scope.lookup(root) : undefined;
        if (root && held && !held.mod && !held.env && tainted(v)) scope.bind(root, data(v), false);
        return;
      }
      case 'unpack':
        for (const item of t.items) this.assign(item.t, item.key !== null ? this.member(v, item.key, -1) : this.element(v), scope, declare);
        return;
      case 'none':
        return;
    }
  }

  /** `v.key` for a known key: the environment gives the variable, anything else its own data. */
  private member(v: Value, key: string, at: number): Value {
    if (v.env) return this.api.attr(`env[${key}]`, at, this) ?? EMPTY;
    if (v.mod) return this.api.attr(`${v.mod}.${key}`, at, this) ?? { ...EMPTY, mod: `${v.mod}.${key}` };
    if (v.props?.has(key)) return v.props.get(key)!;
    return { ...data(v), str: [] };
  }

  expr(e: Expr, scope: Scope): Value {
    this.tick();
    switch (e.k) {
      case 'str':
        return text(e.v);
      case 'name': {
        const v = scope.lookup(e.id);
        if (v) return v;
        if (this.api.selfNames.includes(e.id)) return EMPTY;
        return this.api.attr(e.id, e.at, this) ?? { ...EMPTY, mod: e.id };
      }
      case 'attr': {
        if (e.obj.k === 'name' && this.api.selfNames.includes(e.obj.id) && !scope.lookup(e.obj.id)?.par) return this.fields.get(e.name) ?? EMPTY;
        const o = this.expr(e.obj, scope);
        if (o.env) return this.member(o, e.name, e.at);
        if (o.mod) return this.api.attr(`${o.mod}.${e.name}`, e.at, this) ?? { ...data(o), mod: `${o.mod}.${e.name}` };
        if (o.handle) return { ...EMPTY, handle: o.handle };
        if (o.props?.has(e.name)) return o.props.get(e.name)!;
        return { ...data(o), str: [] };
      }
      case 'index': {
        const o = this.expr(e.obj, scope);
        const key = this.expr(e.key, scope);
        if (o.env) {
          const name = key.str.length === 1 && !tainted(key) ? key.str[0]! : null;
          return name !== null && !name.includes('\u0001') ? this.member(o, name, e.at) : (this.api.attr('env[*]', e.at, this) ?? data(o));
        }
        if (o.items && key.str.length === 1) {
          const i = Number(key.str[0]);
          if (Number.isInteger(i) && o.items[i]) return o.items[i]!;
        }
        return { ...data(o), str: [] };
      }
      case 'call':
        return this.call(e, scope);
      case 'concat':
        return concat(e.parts.map((p) => this.expr(p, scope)));
      case 'path':
        return concat(e.parts.map((p) => this.expr(p, scope)), '/');
      case 'dict': {
        let out = EMPTY;
        const props = new Map<string, Value>();
        for (const [key, valueExpr] of e.entries) {
          const v = this.expr(valueExpr, scope);
          if (key !== null && props.size < 32) props.set(key, v);
          out = join(out, key !== null && isCredentialKey(key) && tainted(v) ? { ...data(v), authOnly: true } : data(v));
        }
        return { ...out, str: [], props };
      }
      case 'list': {
        const items = e.items.map((i) => this.expr(i, scope));
        return { ...joinAll(items.map(data)), str: [], items };
      }
      case 'comp': {
        const inner = new Scope(scope);
        this.assign(e.target, this.element(this.expr(e.iter, inner)), inner, true);
        const body = this.expr(e.body, inner);
        return { ...data(body), str: [] };
      }
      case 'fn':
        this.define(e.fn, scope);
        return { ...EMPTY, fn: { fn: e.fn, closure: scope } };
      case 'union': {
        let out = EMPTY;
        for (const i of e.items) out = join(out, this.expr(i, scope));
        return e.items.length === 1 || e.either ? out : data(out);
      }
    }
  }

  private call(e: Extract<Expr, { k: 'call' }>, scope: Scope): Value {
    const recvExpr = e.callee.k === 'attr' ? e.callee.obj : null;
    const onSelf = recvExpr?.k === 'name' && this.api.selfNames.includes(recvExpr.id);
    const recv = recvExpr && !onSelf ? this.expr(recvExpr, scope) : null;
    const args = e.args.map((a) => this.expr(a, scope));
    for (const s of e.spread) args.push(data(this.expr(s, scope)));
    const kw = new Map<string, Value>();
    const kwExprs = new Map<string, Expr>();
    for (const [name, valueExpr] of e.kw) {
      kw.set(name, this.expr(valueExpr, scope));
      kwExprs.set(name, valueExpr);
    }
    const c: Call = { args, argExprs: e.args, kw, kwExprs, at: e.at, end: e.end, recv };
    if (e.callee.k === 'attr') {
      const name = e.callee.name;
      if (onSelf) {
        const m = this.methods.get(name);
        if (m) return this.invoke(m.fn, m.closure as Scope, c);
        return this.fallback(c, scope, null);
      }
      if (recv!.mod) {
        const full = `${recv!.mod}.${name}`;
        const known = this.api.call(full, c, this);
        // A copy's destination holds what the source held: `shutil.copy2(src, dst)` then reading `dst`.
        if (COPIES.has(full) && e.args[1]) this.carry(e.args[1], this.fileContent(args[0] ?? EMPTY, c.at), scope);
        if (known) return known;
        const local = this.methods.get(name);
        if (local && !recv!.mod.includes('.') && scope.lookup(recv!.mod) === undefined) return this.invoke(local.fn, local.closure as Scope, c);
        return this.fallback(c, scope, recvExpr);
      }
      const known = this.api.method(recv!, name, c, this);
      if (known) return known;
      const local = this.methods.get(name);
      if (local && !recv!.handle) return this.invoke(local.fn, local.closure as Scope, c);
      // `cfg.read(path)` (configparser and the like) fills the receiver with the file's content.
      if (READS_INTO_RECEIVER.has(name) && recvExpr && args.length > 0) this.carry(recvExpr, joinAll(args.map((a) => this.fileContent(a, c.at))), scope);
      if (MUTATORS.has(name) && recvExpr) {
        const root = rootName(recvExpr);
        const held = root ? scope.lookup(root) : undefined;
        const added = joinAll([...args, ...kw.values()].map(data));
        if (root && held && !held.mod && !held.env && tainted(added)) scope.bind(root, added, false);
      }
      return this.fallback(c, scope, recvExpr);
    }
    const callee = this.expr(e.callee, scope);
    if (callee.fn) return this.invoke(callee.fn.fn, callee.fn.closure as Scope, c);
    if (callee.mod) {
      const known = this.api.call(callee.mod, c, this);
      if (known) return known;
    }
    return this.fallback(c, scope, null);
  }

  /** Adds what `added` carries to the variable an expression is rooted in, when it is a plain variable. */
  private carry(target: Expr, added: Value, scope: Scope): void {
    const root = rootName(target);
    const held = root ? scope.lookup(root) : undefined;
    if (root && held && !held.mod && !held.env && tainted(added)) scope.bind(root, added, false);
  }

  /** An unknown call: returns what its receiver and arguments carry; functions passed to it are called with that. */
  private fallback(c: Call, _scope: Scope, _recvExpr: Expr | null): Value {
    let out = c.recv ? data(c.recv) : EMPTY;
    for (const a of c.args) if (!a.fn) out = join(out, data(a));
    for (const v of c.kw.values()) if (!v.fn) out = join(out, data(v));
    out = { ...out, str: [] };
    const callbacks = [...c.args, ...c.kw.values()].filter((a) => a.fn);
    if (callbacks.length === 0) return out;
    let result = out;
    for (const cb of callbacks) {
      const f = cb.fn!;
      const given = f.fn.params.map(() => out);
      result = join(result, this.invoke(f.fn, f.closure as Scope, { ...c, args: given, kw: new Map(), recv: null }));
    }
    return data(result);
  }

  /** Calls a function of the file through its summary. */
  invoke(fn: Fn, closure: Scope, c: Call): Value {
    const summary = this.summarise(fn, closure);
    const args = fn.params.map((p, i) => c.kw.get(p) ?? c.args[i] ?? EMPTY);
    if (c.args.length > fn.params.length && fn.params.length > 0) args[fn.params.length - 1] = joinAll([args[fn.params.length - 1]!, ...c.args.slice(fn.params.length)].map(data));
    const content = (arg: Value) => this.fileContent(arg, c.at);
    for (const sink of summary.pending) this.ctx.sink(substituteSink(sink, args, content));
    return substitute(summary.ret, args, content);
  }

  private summarise(fn: Fn, closure: Scope): Summary {
    const known = this.summaries.get(fn);
    if (known === 'busy') return { ret: EMPTY, pending: [] };
    if (known) return known;
    this.summaries.set(fn, 'busy');
    const scope = new Scope(closure);
    fn.params.slice(0, 31).forEach((p, i) => scope.vars.set(p, { ...EMPTY, par: 1 << i, param: i }));
    this.ctx.enterFunction();
    this.returns.push(EMPTY);
    let summary: Summary;
    try {
      this.hoist(fn.body, scope);
      for (let pass = 0; pass < PASSES; pass++) this.block(fn.body, scope);
    } finally {
      const ret = this.returns.pop()!;
      summary = { ret, pending: this.ctx.leaveFunction() };
      this.summaries.set(fn, summary);
    }
    return summary;
  }

  /** What reading the file a value names yields: a source when it names a secret. */
  fileContent(path: Value, at: number): Value {
    let out: Value = { ...EMPTY, par: 0, filePar: path.par, src: [] };
    for (const s of path.str) {
      const kind = secretPath(s);
      if (kind && kind.label !== 'the whole home directory') out = withSource(out, { what: `reads ${kind.label}`, line: this.ctx.lineOf(at), cls: kind.cls, owner: kind.owner });
    }
    return join(out, { ...EMPTY, src: path.src });
  }

  /** Runs a shell command analyser's findings through this file's context. */
  sink(s: Sink): void {
    this.ctx.sink(s);
  }
}

function substituteSink(sink: Sink, args: Value[], content: (arg: Value) => Value): Sink {
  const sub = (v: Value) => substitute(v, args, content);
  if (sink.type === 'network') return { ...sink, target: sink.target ? sub(sink.target) : null, parts: sink.parts.map((p) => ({ role: p.role, v: sub(p.v) })) };
  return { ...sink, path: sub(sink.path), content: sink.content ? sub(sink.content) : null };
}

function rootName(e: Expr): string | null {
  let cur = e;
  for (let i = 0; i < 20; i++) {
    if (cur.k === 'name') return cur.id;
    if (cur.k === 'attr' || cur.k === 'index') cur = cur.obj;
    else return null;
  }
  return null;
}

/** Header and option names that hold credentials. */
export function isCredentialKey(key: string): boolean {
  const k = key.toLowerCase();
  return k === 'authorization' || k === 'proxy-authorization' || k === 'cookie' || k === 'auth' || k.includes('token') || k.includes('api-key') || k.includes('api_key') || k.includes('apikey') || k === 'x-key' || k.endsWith('-key') || k === 'password' || k === 'secret' || k.includes('auth');
}
