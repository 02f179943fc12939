/**
 * JavaScript and TypeScript: parsed with acorn (ECMAScript, the project's parser already), with
 * the @sveltejs/acorn-typescript plugin for TypeScript and JSX, so both languages give the same
 * ESTree shape and one lowering; type annotations, interfaces and `as` casts are dropped.
 * Lowered to the flow program form. A file acorn rejects is reported as unparsed.
 */
import { Parser, type Options } from 'acorn';
import { tsPlugin } from '@sveltejs/acorn-typescript';
import { type Expr, type Fn, MAX_DEPTH, type Stmt, type Target, unknown } from './ir.js';

type Node = { type: string; start: number; end: number; [key: string]: any };

let typescriptParser: typeof Parser | null = null;
let jsxParser: typeof Parser | null = null;

function parserFor(typescript: boolean, jsx: boolean): typeof Parser {
  if (typescript || jsx) {
    if (jsx) return (jsxParser ??= Parser.extend(tsPlugin({ jsx: true }) as never));
    return (typescriptParser ??= Parser.extend(tsPlugin() as never));
  }
  return Parser;
}

const OPTIONS: Options = {
  ecmaVersion: 'latest',
  allowHashBang: true,
  allowReturnOutsideFunction: true,
  allowImportExportEverywhere: true,
  allowAwaitOutsideFunction: true,
};

export function parseJavaScript(src: string, typescript: boolean, path: string): { body: Stmt[] } | { error: string; offset: number } {
  const lower = path.toLowerCase();
  const jsx = lower.endsWith('x');
  let program: Node;
  try {
    program = parserFor(typescript, jsx).parse(src, { ...OPTIONS, sourceType: 'module' }) as unknown as Node;
  } catch (first) {
    try {
      program = parserFor(typescript, jsx).parse(src, { ...OPTIONS, sourceType: 'script' }) as unknown as Node;
    } catch {
      const err = first as { message?: string; pos?: number };
      return { error: String(err.message ?? err).replace(/\s*\(\d+:\d+\)$/, ''), offset: typeof err.pos === 'number' ? err.pos : 0 };
    }
  }
  return { body: new Lowering().statements(program.body, 0) };
}

/** What a module specifier stands for: `node:fs` is `fs`, `fs/promises` is `fs.promises`, fetch polyfills are `fetch`. */
function moduleName(spec: string): string {
  const s = spec.startsWith('node:') ? spec.slice(5) : spec;
  if (s === 'node-fetch' || s === 'cross-fetch' || s === 'isomorphic-fetch') return 'fetch';
  return s.replace(/\//g, '.');
}

class Lowering {
  /** Assignments found inside expressions, emitted before the statement that holds them. */
  private pre: Stmt[] = [];

  statements(list: Node[], depth: number): Stmt[] {
    const out: Stmt[] = [];
    for (const n of list) {
      const s = this.stmt(n, depth + 1);
      if (this.pre.length > 0) {
        out.push(...this.pre);
        this.pre = [];
      }
      if (s) out.push(s);
    }
    return out;
  }

  private block(n: Node | null | undefined, depth: number): Stmt[] {
    if (!n) return [];
    return n.type === 'BlockStatement' ? this.statements(n.body, depth) : this.statements([n], depth);
  }

  private stmt(n: Node, depth: number): Stmt | null {
    if (depth > MAX_DEPTH) return null;
    switch (n.type) {
      case 'ExpressionStatement':
        return this.exprStmt(n.expression, depth);
      case 'VariableDeclaration':
        return { k: 'block', body: n.declarations.filter((d: Node) => d.init).map((d: Node): Stmt => ({ k: 'assign', targets: [this.target(d.id, depth)], e: this.expr(d.init, depth), decl: true })) };
      case 'FunctionDeclaration':
        return n.id ? { k: 'def', fn: this.fn(n, n.id.name, false, depth) } : null;
      case 'ClassDeclaration':
      case 'ClassExpression':
        return this.classBody(n, depth);
      case 'ReturnStatement':
        return { k: 'ret', e: n.argument ? this.expr(n.argument, depth) : unknown(n.start) };
      case 'IfStatement':
        return { k: 'block', body: [{ k: 'expr', e: this.expr(n.test, depth) }, ...this.block(n.consequent, depth), ...this.block(n.alternate, depth)] };
      case 'BlockStatement':
      case 'StaticBlock':
        return { k: 'block', body: this.statements(n.body, depth) };
      case 'ForStatement':
        return { k: 'block', body: [...(n.init ? [n.init.type === 'VariableDeclaration' ? this.stmt(n.init, depth)! : { k: 'expr' as const, e: this.expr(n.init, depth) }] : []), ...(n.test ? [{ k: 'expr' as const, e: this.expr(n.test, depth) }] : []), ...(n.update ? [{ k: 'expr' as const, e: this.expr(n.update, depth) }] : []), ...this.block(n.body, depth)] };
      case 'ForOfStatement':
      case 'ForInStatement': {
        const left = n.left.type === 'VariableDeclaration' ? n.left.declarations[0].id : n.left;
        return { k: 'for', t: this.target(left, depth), e: this.expr(n.right, depth), body: this.block(n.body, depth) };
      }
      case 'WhileStatement':
      case 'DoWhileStatement':
        return { k: 'block', body: [{ k: 'expr', e: this.expr(n.test, depth) }, ...this.block(n.body, depth)] };
      case 'TryStatement':
        return { k: 'block', body: [...this.block(n.block, depth), ...(n.handler ? this.block(n.handler.body, depth) : []), ...this.block(n.finalizer, depth)] };
      case 'SwitchStatement':
        return { k: 'block', body: [{ k: 'expr', e: this.expr(n.discriminant, depth) }, ...n.cases.flatMap((c: Node) => this.statements(c.consequent, depth))] };
      case 'LabeledStatement':
        return { k: 'block', body: this.block(n.body, depth) };
      case 'WithStatement':
        return { k: 'block', body: [{ k: 'expr', e: this.expr(n.object, depth) }, ...this.block(n.body, depth)] };
      case 'ThrowStatement':
        return { k: 'expr', e: this.expr(n.argument, depth) };
      case 'ImportDeclaration': {
        const mod = moduleName(String(n.source.value));
        return {
          k: 'block',
          body: n.specifiers.map((s: Node): Stmt => {
            if (s.type === 'ImportSpecifier') {
              const imported = s.imported.name ?? s.imported.value;
              return { k: 'import', name: s.local.name, module: mod === 'fetch' && imported === 'default' ? 'fetch' : `${mod}.${imported}` };
            }
            return { k: 'import', name: s.local.name, module: mod };
          }),
        };
      }
      case 'ExportNamedDeclaration':
      case 'ExportDefaultDeclaration':
        if (!n.declaration) return null;
        if (n.declaration.type.endsWith('Declaration') || n.declaration.type === 'ClassExpression') return this.stmt(n.declaration, depth);
        return { k: 'expr', e: this.expr(n.declaration, depth) };
      case 'TSExportAssignment':
        return { k: 'expr', e: this.expr(n.expression, depth) };
      default:
        return null;
    }
  }

  private exprStmt(e: Node, depth: number): Stmt {
    if (e.type === 'AssignmentExpression') return this.assignment(e, depth);
    return { k: 'expr', e: this.expr(e, depth) };
  }

  private assignment(e: Node, depth: number): Stmt {
    const value = this.expr(e.right, depth);
    const target = this.target(e.left, depth);
    // `x += y` keeps what x had: binding joins.
    return { k: 'assign', targets: [target], e: value, decl: false };
  }

  private classBody(n: Node, depth: number): Stmt {
    const body: Stmt[] = [];
    for (const m of n.body.body as Node[]) {
      if ((m.type === 'MethodDefinition' || m.type === 'TSAbstractMethodDefinition') && m.value) {
        const name = m.key.type === 'Identifier' ? m.key.name : typeof m.key.value === 'string' ? m.key.value : null;
        if (name) body.push({ k: 'def', fn: this.fn(m.value, name, true, depth) });
      } else if (m.type === 'PropertyDefinition' && m.value && m.key.type === 'Identifier') {
        body.push({ k: 'assign', targets: [{ k: 'attr', obj: { k: 'name', id: 'this', at: m.start }, name: m.key.name }], e: this.expr(m.value, depth), decl: false });
      }
    }
    return { k: 'class', name: n.id?.name ?? '', body };
  }

  private fn(n: Node, name: string | null, method: boolean, depth: number): Fn {
    const params: string[] = [];
    const prologue: Stmt[] = [];
    (n.params as Node[]).forEach((p, i) => {
      let q = p.type === 'TSParameterProperty' ? p.parameter : p;
      if (q.type === 'AssignmentPattern') q = q.left;
      if (q.type === 'RestElement') q = q.argument;
      if (q.type === 'Identifier') params.push(q.name);
      else {
        const synthetic = `$param${i}`;
        params.push(synthetic);
        prologue.push({ k: 'assign', targets: [this.target(q, depth)], e: { k: 'name', id: synthetic, at: q.start }, decl: true });
      }
    });
    const saved = this.pre;
    this.pre = [];
    const body = n.body?.type === 'BlockStatement' ? this.statements(n.body.body, depth) : n.body ? [{ k: 'ret' as const, e: this.expr(n.body, depth) }] : [];
    const inner = this.pre;
    this.pre = saved;
    return { name, params, body: [...prologue, ...inner, ...body], at: n.start, method };
  }

  private target(n: Node, depth: number): Target {
    switch (n.type) {
      case 'Identifier':
        return { k: 'name', id: n.name };
      case 'MemberExpression':
        return n.computed ? { k: 'index', obj: this.expr(n.object, depth), key: this.expr(n.property, depth) } : { k: 'attr', obj: this.expr(n.object, depth), name: n.property.name ?? '' };
      case 'ObjectPattern':
        return {
          k: 'unpack',
          items: (n.properties as Node[]).map((p) => {
            if (p.type === 'RestElement') return { key: null, t: this.target(p.argument, depth + 1) };
            const key = p.computed ? null : (p.key.name ?? (typeof p.key.value === 'string' ? p.key.value : null));
            return { key, t: this.target(p.value, depth + 1) };
          }),
        };
      case 'ArrayPattern':
        return { k: 'unpack', items: (n.elements as Array<Node | null>).filter((e): e is Node => !!e).map((e) => ({ key: null, t: this.target(e.type === 'RestElement' ? e.argument : e, depth + 1) })) };
      case 'AssignmentPattern':
        return this.target(n.left, depth);
      case 'TSNonNullExpression':
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSTypeAssertion':
      case 'ParenthesizedExpression':
        return this.target(n.expression, depth);
      default:
        return { k: 'none' };
    }
  }

  expr(n: Node | null | undefined, depth: number): Expr {
    if (!n) return unknown(0);
    if (depth > MAX_DEPTH) return unknown(n.start);
    const d = depth + 1;
    switch (n.type) {
      case 'Literal':
        return typeof n.value === 'string' ? { k: 'str', v: n.value, at: n.start } : unknown(n.start);
      case 'TemplateLiteral': {
        const parts: Expr[] = [];
        (n.quasis as Node[]).forEach((q, i) => {
          parts.push({ k: 'str', v: q.value.cooked ?? q.value.raw, at: q.start });
          if (n.expressions[i]) parts.push(this.expr(n.expressions[i], d));
        });
        return { k: 'concat', parts, at: n.start };
      }
      case 'TaggedTemplateExpression':
        return { k: 'call', callee: this.expr(n.tag, d), args: [this.expr(n.quasi, d)], kw: [], spread: [], at: n.start, end: n.end };
      case 'Identifier':
        return { k: 'name', id: n.name, at: n.start };
      case 'ThisExpression':
        return { k: 'name', id: 'this', at: n.start };
      case 'MemberExpression':
        if (n.computed) return { k: 'index', obj: this.expr(n.object, d), key: this.expr(n.property, d), at: n.start };
        return { k: 'attr', obj: this.expr(n.object, d), name: n.property.name ?? n.property.value ?? '', at: n.start };
      case 'ChainExpression':
      case 'ParenthesizedExpression':
      case 'TSAsExpression':
      case 'TSNonNullExpression':
      case 'TSSatisfiesExpression':
      case 'TSTypeAssertion':
      case 'TSInstantiationExpression':
        return this.expr(n.expression, d);
      case 'CallExpression':
      case 'NewExpression': {
        const args: Expr[] = [];
        const spread: Expr[] = [];
        for (const a of n.arguments as Node[]) {
          if (a.type === 'SpreadElement') spread.push(this.expr(a.argument, d));
          else args.push(this.expr(a, d));
        }
        if (n.callee.type === 'Import') return { k: 'call', callee: { k: 'name', id: 'require', at: n.start }, args, kw: [], spread, at: n.start, end: n.end };
        return { k: 'call', callee: this.expr(n.callee, d), args, kw: [], spread, at: n.start, end: n.end };
      }
      case 'ImportExpression':
        return { k: 'call', callee: { k: 'name', id: 'require', at: n.start }, args: [this.expr(n.source, d)], kw: [], spread: [], at: n.start, end: n.end };
      case 'BinaryExpression':
        if (n.operator === '+') return { k: 'concat', parts: [this.expr(n.left, d), this.expr(n.right, d)], at: n.start };
        if (['==', '===', '!=', '!==', '<', '>', '<=', '>=', 'in', 'instanceof'].includes(n.operator)) {
          return { k: 'union', items: [], at: n.start };
        }
        return { k: 'union', items: [this.expr(n.left, d), this.expr(n.right, d)], at: n.start };
      case 'LogicalExpression':
        return { k: 'union', items: [this.expr(n.left, d), this.expr(n.right, d)], at: n.start, either: true };
      case 'ConditionalExpression':
        return { k: 'union', items: [this.expr(n.consequent, d), this.expr(n.alternate, d)], at: n.start, either: true };
      case 'AssignmentExpression':
        this.pre.push(this.assignment(n, d));
        return this.expr(n.right, d);
      case 'SequenceExpression': {
        const items = (n.expressions as Node[]).map((e) => this.expr(e, d));
        return items[items.length - 1] ?? unknown(n.start);
      }
      case 'AwaitExpression':
      case 'SpreadElement':
      case 'YieldExpression':
        return n.argument ? this.expr(n.argument, d) : unknown(n.start);
      case 'UnaryExpression':
        return n.operator === 'typeof' || n.operator === '!' || n.operator === 'delete' ? unknown(n.start) : this.expr(n.argument, d);
      case 'ObjectExpression': {
        const entries: Array<[string | null, Expr]> = [];
        for (const p of n.properties as Node[]) {
          if (p.type === 'SpreadElement') entries.push([null, this.expr(p.argument, d)]);
          else if (p.kind === 'init' && !p.method) entries.push([p.computed ? null : (p.key.name ?? (typeof p.key.value === 'string' ? p.key.value : null)), this.expr(p.value, d)]);
        }
        return { k: 'dict', entries, at: n.start };
      }
      case 'ArrayExpression':
        return { k: 'list', items: (n.elements as Array<Node | null>).filter((e): e is Node => !!e).map((e) => this.expr(e, d)), at: n.start };
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
        return { k: 'fn', fn: this.fn(n, n.id?.name ?? null, false, d), at: n.start };
      default:
        return unknown(n.start);
    }
  }
}
