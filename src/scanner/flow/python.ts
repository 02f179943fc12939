/**
 * Python: parsed with @lezer/python (an LR grammar with error recovery, pure JavaScript, run in
 * steps so the scan's deadline is checked while it parses) and lowered to the flow program form.
 * A file with syntax errors is still lowered from the recovered tree, and the errors are reported.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import { parser } from '@lezer/python';
import type { Budget } from './budget.js';
import { type Expr, type Fn, MAX_DEPTH, type Stmt, type Target, unknown } from './ir.js';

export interface PythonParse {
  body: Stmt[];
  /** Offset of the first syntax error, or -1. */
  firstError: number;
  errors: number;
}

export function parsePython(src: string, deadline: Budget): PythonParse {
  const parse = parser.startParse(src);
  let tree: Tree | null = null;
  for (let step = 0; !tree; step++) {
    tree = parse.advance();
    if ((step & 255) === 0) deadline.check();
  }
  let errors = 0;
  let firstError = -1;
  tree.iterate({
    enter(n) {
      if (n.type.isError) {
        errors++;
        if (firstError === -1) firstError = n.from;
      }
    },
  });
  const lower = new Lowering(src);
  return { body: lower.body(tree.topNode, 0), firstError, errors };
}

const PUNCTUATION = new Set(['(', ')', '[', ']', '{', '}', ',', ':', '.', ';', 'AssignOp', 'TypeDef', 'Comment', '⚠', 'At', 'Decorator']);

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

class Lowering {
  constructor(private readonly src: string) {}

  private text(n: SyntaxNode): string {
    return this.src.slice(n.from, n.to);
  }

  body(node: SyntaxNode, depth: number): Stmt[] {
    const out: Stmt[] = [];
    for (const c of children(node)) {
      if (PUNCTUATION.has(c.name)) continue;
      const s = this.stmt(c, depth + 1);
      if (s) out.push(s);
    }
    return out;
  }

  private stmt(n: SyntaxNode, depth: number): Stmt | null {
    if (depth > MAX_DEPTH) return null;
    switch (n.name) {
      case 'YieldStatement': {
        // A generator's yields are what its callers iterate over: its return values.
        const items = children(n).filter((c) => !PUNCTUATION.has(c.name) && !isKeyword(c) && c.name !== 'from');
        return { k: 'ret', e: items.length === 1 ? this.expr(items[0]!, depth) : { k: 'union', items: items.map((i) => this.expr(i, depth)), at: n.from } };
      }
      case 'ExpressionStatement':
      case 'PrintStatement':
      case 'RaiseStatement':
      case 'AssertStatement':
      case 'DeleteStatement': {
        const items = children(n).filter((c) => !PUNCTUATION.has(c.name) && !isKeyword(c));
        return { k: 'expr', e: items.length === 1 ? this.expr(items[0]!, depth) : { k: 'union', items: items.map((i) => this.expr(i, depth)), at: n.from } };
      }
      case 'StatementGroup':
        return { k: 'block', body: this.body(n, depth) };
      case 'AssignStatement':
        return this.assignment(n, depth);
      case 'UpdateStatement': {
        const [target, , value] = children(n);
        if (!target || !value) return null;
        const t = this.target(target, depth);
        return { k: 'assign', targets: [t], e: { k: 'union', items: [this.expr(target, depth), this.expr(value, depth)], at: n.from }, decl: true };
      }
      case 'ReturnStatement': {
        const e = children(n).filter((c) => c.name !== 'return');
        return { k: 'ret', e: e.length === 0 ? unknown(n.from) : e.length === 1 ? this.expr(e[0]!, depth) : { k: 'list', items: e.filter((c) => !PUNCTUATION.has(c.name)).map((c) => this.expr(c, depth)), at: n.from } };
      }
      case 'FunctionDefinition':
        return { k: 'def', fn: this.fn(n, depth, false) };
      case 'DecoratedStatement': {
        const inner = children(n).find((c) => c.name === 'FunctionDefinition' || c.name === 'ClassDefinition');
        return inner ? this.stmt(inner, depth) : null;
      }
      case 'ClassDefinition': {
        const name = children(n).find((c) => c.name === 'VariableName');
        const body = children(n).find((c) => c.name === 'Body');
        const stmts: Stmt[] = [];
        if (body) {
          for (const c of children(body)) {
            const fnNode = c.name === 'DecoratedStatement' ? children(c).find((d) => d.name === 'FunctionDefinition') : c.name === 'FunctionDefinition' ? c : null;
            if (fnNode) stmts.push({ k: 'def', fn: this.fn(fnNode, depth + 1, true) });
            else if (!PUNCTUATION.has(c.name)) {
              const s = this.stmt(c, depth + 1);
              if (s) stmts.push(s);
            }
          }
        }
        return { k: 'class', name: name ? this.text(name) : '', body: stmts };
      }
      case 'ForStatement': {
        const cs = children(n);
        const inAt = cs.findIndex((c) => c.name === 'in');
        const body = cs.find((c) => c.name === 'Body');
        const targets = cs.slice(0, inAt).filter((c) => c.name !== 'for' && c.name !== 'async' && !PUNCTUATION.has(c.name));
        const iter = cs.slice(inAt + 1).find((c) => c.name !== 'Body' && !PUNCTUATION.has(c.name));
        const rest = cs.filter((c) => c.name === 'Body').slice(1);
        return {
          k: 'block',
          body: [
            { k: 'for', t: targets.length === 1 ? this.target(targets[0]!, depth) : { k: 'unpack', items: targets.map((t) => ({ key: null, t: this.target(t, depth) })) }, e: iter ? this.expr(iter, depth) : unknown(n.from), body: body ? this.body(body, depth) : [] },
            ...rest.map((b): Stmt => ({ k: 'block', body: this.body(b, depth) })),
          ],
        };
      }
      case 'WithStatement': {
        const items: Array<{ e: Expr; t: Target | null }> = [];
        let body: Stmt[] = [];
        let pending: Expr | null = null;
        let expectTarget = false;
        for (const c of children(n)) {
          if (c.name === 'with' || c.name === 'async' || c.name === ',' || c.name === '(' || c.name === ')') continue;
          if (c.name === 'as') {
            expectTarget = true;
            continue;
          }
          if (c.name === 'Body') {
            body = this.body(c, depth);
            continue;
          }
          if (expectTarget && pending) {
            items.push({ e: pending, t: this.target(c, depth) });
            pending = null;
            expectTarget = false;
          } else {
            if (pending) items.push({ e: pending, t: null });
            pending = this.expr(c, depth);
          }
        }
        if (pending) items.push({ e: pending, t: null });
        return { k: 'with', items, body };
      }
      case 'ImportStatement':
        return this.importStatement(n);
      case 'TryStatement': {
        // `except E as name:` binds nothing the analysis follows; the bodies run.
        return { k: 'block', body: children(n).filter((c) => c.name === 'Body').map((b): Stmt => ({ k: 'block', body: this.body(b, depth) })) };
      }
      default: {
        // if / while / match and anything else: conditions are evaluated, bodies run.
        const out: Stmt[] = [];
        for (const c of children(n)) {
          if (c.name === 'Body' || c.name === 'MatchBody' || c.name === 'MatchClause') out.push({ k: 'block', body: this.body(c, depth) });
          else if (!PUNCTUATION.has(c.name) && !isKeyword(c) && isExpression(c)) out.push({ k: 'expr', e: this.expr(c, depth) });
        }
        return out.length > 0 ? { k: 'block', body: out } : null;
      }
    }
  }

  private assignment(n: SyntaxNode, depth: number): Stmt {
    const groups: SyntaxNode[][] = [[]];
    for (const c of children(n)) {
      if (c.name === 'AssignOp') groups.push([]);
      else if (c.name !== 'TypeDef' && c.name !== ',') groups[groups.length - 1]!.push(c);
    }
    const valueNodes = groups.pop() ?? [];
    const e: Expr = valueNodes.length === 1 ? this.expr(valueNodes[0]!, depth) : { k: 'list', items: valueNodes.map((v) => this.expr(v, depth)), at: n.from };
    const targets = groups.map((g): Target => (g.length === 1 ? this.target(g[0]!, depth) : { k: 'unpack', items: g.map((t) => ({ key: null, t: this.target(t, depth) })) }));
    return { k: 'assign', targets, e, decl: true };
  }

  private importStatement(n: SyntaxNode): Stmt {
    const text = this.text(n).slice(0, 4096).replace(/[()\\\n]/g, ' ');
    const out: Stmt[] = [];
    const from = /^\s*from\s+([\w.]+)\s+import\s+(.*)$/s.exec(text);
    if (from) {
      for (const item of from[2]!.split(',')) {
        const [name, alias] = item.trim().split(/\s+as\s+/);
        if (name && name !== '*') out.push({ k: 'import', name: (alias ?? name).trim(), module: `${from[1]}.${name.trim()}` });
      }
    } else {
      for (const item of text.replace(/^\s*import\s+/, '').split(',')) {
        const [name, alias] = item.trim().split(/\s+as\s+/);
        if (!name) continue;
        if (alias) out.push({ k: 'import', name: alias.trim(), module: name.trim() });
        else out.push({ k: 'import', name: name.trim().split('.')[0]!, module: name.trim().split('.')[0]! });
      }
    }
    return { k: 'block', body: out };
  }

  fn(n: SyntaxNode, depth: number, method: boolean): Fn {
    const cs = children(n);
    const name = cs.find((c) => c.name === 'VariableName');
    const paramList = cs.find((c) => c.name === 'ParamList');
    const body = cs.find((c) => c.name === 'Body');
    const params = paramList ? this.params(paramList) : [];
    const decorated = n.parent?.name === 'DecoratedStatement' ? this.text(n.parent).slice(0, 200) : '';
    if (method && !decorated.includes('@staticmethod')) params.shift();
    return { name: name ? this.text(name) : null, params, body: body ? this.body(body, depth) : [], at: n.from, method };
  }

  private params(list: SyntaxNode): string[] {
    const out: string[] = [];
    let afterDefault = false;
    for (const c of children(list)) {
      if (c.name === 'AssignOp') afterDefault = true;
      else if (c.name === ',') afterDefault = false;
      else if (c.name === 'VariableName' && !afterDefault) out.push(this.text(c));
    }
    return out;
  }

  private target(n: SyntaxNode, depth: number): Target {
    switch (n.name) {
      case 'VariableName':
        return { k: 'name', id: this.text(n) };
      case 'MemberExpression': {
        const cs = children(n);
        const obj = this.expr(cs[0]!, depth);
        const prop = cs.find((c) => c.name === 'PropertyName');
        if (prop) return { k: 'attr', obj, name: this.text(prop) };
        const key = cs.slice(1).find((c) => !PUNCTUATION.has(c.name));
        return { k: 'index', obj, key: key ? this.expr(key, depth) : unknown(n.from) };
      }
      case 'TupleExpression':
      case 'ArrayExpression':
      case 'ParenthesizedExpression':
        return { k: 'unpack', items: children(n).filter((c) => !PUNCTUATION.has(c.name)).map((c) => ({ key: null, t: this.target(c, depth + 1) })) };
      default:
        return { k: 'none' };
    }
  }

  expr(n: SyntaxNode, depth: number): Expr {
    if (depth > MAX_DEPTH) return unknown(n.from);
    const d = depth + 1;
    switch (n.name) {
      case 'VariableName':
        return { k: 'name', id: this.text(n), at: n.from };
      case 'String':
        return { k: 'str', v: pyString(this.text(n)), at: n.from };
      case 'FormatString':
        return this.formatString(n, d);
      case 'ContinuedString':
        return { k: 'concat', parts: children(n).map((c) => this.expr(c, d)), at: n.from };
      case 'MemberExpression': {
        const cs = children(n);
        const obj = this.expr(cs[0]!, d);
        const prop = cs.find((c) => c.name === 'PropertyName');
        if (prop) return { k: 'attr', obj, name: this.text(prop), at: n.from };
        const inner = cs.slice(1).filter((c) => !PUNCTUATION.has(c.name));
        return { k: 'index', obj, key: inner.length === 1 ? this.expr(inner[0]!, d) : unknown(n.from), at: n.from };
      }
      case 'CallExpression': {
        const cs = children(n);
        const callee = this.expr(cs[0]!, d);
        const argList = cs.find((c) => c.name === 'ArgList');
        const args: Expr[] = [];
        const kw: Array<[string, Expr]> = [];
        const spread: Expr[] = [];
        if (argList) {
          const items = children(argList);
          for (let i = 0; i < items.length; i++) {
            const c = items[i]!;
            if (PUNCTUATION.has(c.name)) continue;
            if (c.name === '*' || c.name === '**') {
              const next = items[++i];
              if (next) spread.push(this.expr(next, d));
              continue;
            }
            if (c.name === 'VariableName' && items[i + 1]?.name === 'AssignOp' && items[i + 2]) {
              kw.push([this.text(c), this.expr(items[i + 2]!, d)]);
              i += 2;
              continue;
            }
            if (c.name === 'for' || c.name === 'in' || c.name === 'if') {
              // A generator argument: `f(x for x in xs)`.
              continue;
            }
            args.push(this.expr(c, d));
          }
        }
        return { k: 'call', callee, args, kw, spread, at: n.from, end: n.to };
      }
      case 'BinaryExpression': {
        const cs = children(n);
        const op = cs.find((c) => c.name === 'ArithOp');
        const operands = cs.filter((c) => c.name !== 'ArithOp' && c.name !== 'BitOp' && c.name !== 'CompareOp' && !isKeyword(c));
        const parts = operands.map((c) => this.expr(c, d));
        const opText = op ? this.text(op) : '';
        if (opText === '+' || opText === '%') return { k: 'concat', parts, at: n.from };
        if (opText === '/') return { k: 'path', parts, at: n.from };
        if (cs.some((c) => c.name === 'CompareOp' || c.name === 'in' || c.name === 'is')) return unknown(n.from);
        return { k: 'union', items: parts, at: n.from };
      }
      case 'ParenthesizedExpression': {
        const inner = children(n).filter((c) => !PUNCTUATION.has(c.name));
        return inner.length === 1 ? this.expr(inner[0]!, d) : { k: 'union', items: inner.map((c) => this.expr(c, d)), at: n.from };
      }
      case 'TupleExpression':
      case 'ArrayExpression':
      case 'SetExpression':
        return { k: 'list', items: children(n).filter((c) => !PUNCTUATION.has(c.name) && c.name !== '*').map((c) => this.expr(c, d)), at: n.from };
      case 'DictionaryExpression': {
        const cs = children(n).filter((c) => c.name !== '{' && c.name !== '}' && c.name !== ',');
        const entries: Array<[string | null, Expr]> = [];
        for (let i = 0; i < cs.length; i++) {
          const c = cs[i]!;
          if (c.name === '**') {
            const next = cs[++i];
            if (next) entries.push([null, this.expr(next, d)]);
            continue;
          }
          if (cs[i + 1]?.name === ':' && cs[i + 2]) {
            const key = c.name === 'String' ? pyString(this.text(c)) : null;
            entries.push([key, this.expr(cs[i + 2]!, d)]);
            i += 2;
          }
        }
        return { k: 'dict', entries, at: n.from };
      }
      case 'ArrayComprehensionExpression':
      case 'SetComprehensionExpression':
      case 'DictionaryComprehensionExpression':
      case 'ComprehensionExpression':
        return this.comprehension(n, d);
      case 'LambdaExpression': {
        const cs = children(n);
        const params = cs.find((c) => c.name === 'ParamList');
        const body = cs.slice(cs.findIndex((c) => c.name === ':') + 1).find((c) => !PUNCTUATION.has(c.name));
        return { k: 'fn', fn: { name: null, params: params ? this.params(params) : [], body: body ? [{ k: 'ret', e: this.expr(body, d) }] : [], at: n.from, method: false }, at: n.from };
      }
      case 'ConditionalExpression': {
        const cs = children(n).filter((c) => !isKeyword(c));
        return { k: 'union', items: [cs[0], cs[2]].filter((c): c is SyntaxNode => !!c).map((c) => this.expr(c, d)), at: n.from };
      }
      case 'Number':
      case 'None':
      case 'Boolean':
      case 'Ellipsis':
        return unknown(n.from);
      case 'UnaryExpression': {
        if (children(n).some((c) => c.name === 'not')) return unknown(n.from);
        return { k: 'union', items: children(n).filter((c) => !PUNCTUATION.has(c.name) && c.name !== 'ArithOp' && !isKeyword(c)).map((c) => this.expr(c, d)), at: n.from };
      }
      default:
        return { k: 'union', items: children(n).filter((c) => !PUNCTUATION.has(c.name) && !isKeyword(c) && c.name !== 'ArithOp' && c.name !== 'BitOp' && c.name !== 'CompareOp').map((c) => this.expr(c, d)), at: n.from };
    }
  }

  private comprehension(n: SyntaxNode, d: number): Expr {
    const cs = children(n).filter((c) => !PUNCTUATION.has(c.name) || c.name === ':');
    const forAt = cs.findIndex((c) => c.name === 'for');
    const inAt = cs.findIndex((c) => c.name === 'in');
    if (forAt < 0 || inAt < 0) return { k: 'union', items: [], at: n.from };
    const body = cs.slice(0, forAt).filter((c) => c.name !== ':' && c.name !== 'async').map((c) => this.expr(c, d));
    const targets = cs.slice(forAt + 1, inAt).filter((c) => c.name !== ':');
    const iter = cs[inAt + 1];
    return {
      k: 'comp',
      target: targets.length === 1 ? this.target(targets[0]!, d) : { k: 'unpack', items: targets.map((t) => ({ key: null, t: this.target(t, d) })) },
      iter: iter ? this.expr(iter, d) : unknown(n.from),
      body: body.length === 1 ? body[0]! : { k: 'union', items: body, at: n.from },
      at: n.from,
    };
  }

  private formatString(n: SyntaxNode, d: number): Expr {
    const raw = this.text(n);
    const prefix = /^[a-zA-Z]*/.exec(raw)![0].length;
    const quote = raw.startsWith('"""', prefix) || raw.startsWith("'''", prefix) ? 3 : 1;
    const contentStart = n.from + prefix + quote;
    const contentEnd = Math.max(contentStart, n.to - quote);
    const parts: Expr[] = [];
    let pos = contentStart;
    for (const r of children(n)) {
      if (r.name !== 'FormatReplacement') continue;
      if (r.from > pos) parts.push({ k: 'str', v: this.src.slice(pos, r.from).replace(/\{\{/g, '{').replace(/\}\}/g, '}'), at: pos });
      const inner = children(r).find((c) => !PUNCTUATION.has(c.name) && c.name !== 'FormatConversion' && c.name !== 'FormatSpec' && c.name !== 'FormatSelfDoc');
      parts.push(inner ? this.expr(inner, d) : unknown(r.from));
      pos = r.to;
    }
    if (contentEnd > pos) parts.push({ k: 'str', v: this.src.slice(pos, contentEnd).replace(/\{\{/g, '{').replace(/\}\}/g, '}'), at: pos });
    return { k: 'concat', parts, at: n.from };
  }
}

const KEYWORDS = new Set(['if', 'else', 'elif', 'for', 'in', 'not', 'and', 'or', 'is', 'lambda', 'await', 'async', 'yield', 'from', 'return', 'raise', 'assert', 'del', 'print', 'while', 'with', 'as', 'try', 'except', 'finally', 'match', 'case', 'pass', 'break', 'continue', 'global', 'nonlocal', 'import', 'def', 'class']);

function isKeyword(n: SyntaxNode): boolean {
  return KEYWORDS.has(n.name);
}

function isExpression(n: SyntaxNode): boolean {
  return !n.name.endsWith('Statement') && n.name !== 'Body';
}

/** The value of a Python string literal (prefixes, triple quotes, common escapes). */
export function pyString(raw: string): string {
  const prefix = /^[a-zA-Z]*/.exec(raw)![0];
  const rest = raw.slice(prefix.length);
  const q = rest.startsWith('"""') || rest.startsWith("'''") ? 3 : 1;
  const body = rest.slice(q, Math.max(q, rest.length - q));
  if (prefix.toLowerCase().includes('r') || !body.includes('\\')) return body;
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)/gs, (_, e: string) => {
    if (e.startsWith('x') && e.length === 3) return String.fromCharCode(parseInt(e.slice(1), 16));
    if (e.startsWith('u') && e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    return ({ n: '\n', t: '\t', r: '\r', '0': '\0', '\n': '' } as Record<string, string>)[e] ?? e;
  });
}
