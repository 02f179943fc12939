/**
 * The small program form that Python and JavaScript/TypeScript syntax trees are lowered to before
 * the flow analysis runs: names, attribute and index reads, calls with positional and keyword
 * arguments, string building, containers, functions, assignments, loops and `with` blocks. What
 * the analysis does not need (arithmetic, comparisons, control flow) becomes `union`: a value
 * that may carry whatever its parts carry. `at`/`end` are offsets into the file's text.
 */
export type Expr =
  | { k: 'str'; v: string; at: number }
  | { k: 'name'; id: string; at: number }
  | { k: 'attr'; obj: Expr; name: string; at: number }
  | { k: 'index'; obj: Expr; key: Expr; at: number }
  | { k: 'call'; callee: Expr; args: Expr[]; kw: Array<[string, Expr]>; spread: Expr[]; at: number; end: number }
  | { k: 'concat'; parts: Expr[]; at: number }
  /** Python's `path / "name"`. */
  | { k: 'path'; parts: Expr[]; at: number }
  | { k: 'dict'; entries: Array<[string | null, Expr]>; at: number }
  | { k: 'list'; items: Expr[]; at: number }
  /** A comprehension: `body` for each `target` in `iter`. */
  | { k: 'comp'; target: Target; iter: Expr; body: Expr; at: number }
  | { k: 'fn'; fn: Fn; at: number }
  /** Data from all items; with `either`, the value is one of them (`a || b`, `x if c else y`), so their text is kept too. */
  | { k: 'union'; items: Expr[]; at: number; either?: boolean };

export interface Fn {
  name: string | null;
  params: string[];
  body: Stmt[];
  at: number;
  /** A method: calls through an object bind arguments after `self`. */
  method: boolean;
}

export type Target =
  | { k: 'name'; id: string }
  | { k: 'attr'; obj: Expr; name: string }
  | { k: 'index'; obj: Expr; key: Expr }
  /** Destructuring: each item takes the property `key` of the value, or the whole value when key is null. */
  | { k: 'unpack'; items: Array<{ key: string | null; t: Target }> }
  | { k: 'none' };

export type Stmt =
  /** `decl`: a declaration (Python assignment, `let`/`const`/`var`) binds in the current scope. */
  | { k: 'assign'; targets: Target[]; e: Expr; decl: boolean }
  | { k: 'expr'; e: Expr }
  | { k: 'ret'; e: Expr }
  | { k: 'def'; fn: Fn }
  | { k: 'class'; name: string; body: Stmt[] }
  | { k: 'for'; t: Target; e: Expr; body: Stmt[] }
  | { k: 'with'; items: Array<{ e: Expr; t: Target | null }>; body: Stmt[] }
  | { k: 'block'; body: Stmt[] }
  /** `import requests as r`, `from os import environ`: the local name stands for a module path. */
  | { k: 'import'; name: string; module: string };

/** Nesting deeper than this is not lowered (the rest of that expression is unknown). */
export const MAX_DEPTH = 150;

export const unknown = (at: number): Expr => ({ k: 'union', items: [], at });
