/**
 * Splits a shell script into logical lines the way the shell reads them: quotes, `\` line
 * continuations, comments, here-documents (their bodies are taken out and kept with their line),
 * and command substitutions `$(…)`, backticks and `<(…)`, which are replaced by a variable
 * reference `${__cN}` so that the word tokenizer (shell-quote) sees one word and the analysis can
 * give that word the substitution's output. One pass, linear; substitutions nest to a bounded depth.
 */
export interface Substitution {
  name: string;
  text: string;
  /** Offset of its text in the file. */
  at: number;
}

export interface Heredoc {
  body: string;
  /** A quoted delimiter: no expansion in the body. */
  literal: boolean;
}

export interface LogicalLine {
  text: string;
  at: number;
  end: number;
  heredocs: Heredoc[];
  subs: Substitution[];
}

export class ShellSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

const MAX_SUB_DEPTH = 16;

export function splitLines(src: string, base: number, counter: { n: number }, depth = 0): LogicalLine[] {
  const lines: LogicalLine[] = [];
  let out = '';
  let start = 0;
  let subs: Substitution[] = [];
  let heredocs: Heredoc[] = [];
  let pendingHeredocs: Array<{ delim: string; strip: boolean; literal: boolean }> = [];
  let i = 0;
  const n = src.length;
  const flush = (end: number) => {
    if (out.trim() !== '' || heredocs.length > 0) lines.push({ text: out, at: base + start, end: base + end, heredocs, subs });
    out = '';
    subs = [];
    heredocs = [];
  };
  const substitution = (open: number, inner: string) => {
    const name = `__c${counter.n++}`;
    subs.push({ name, text: inner, at: base + open });
    out += `\${${name}}`;
  };
  while (i < n) {
    const c = src[i]!;
    if (c === '\\') {
      if (src[i + 1] === '\n') {
        i += 2;
        continue;
      }
      out += src.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c === "'") {
      const close = src.indexOf("'", i + 1);
      if (close === -1) throw new ShellSyntaxError('unterminated single quote', base + i);
      out += src.slice(i, close + 1);
      i = close + 1;
      continue;
    }
    if (c === '"') {
      out += '"';
      i++;
      let closed = false;
      while (i < n) {
        const d = src[i]!;
        if (d === '\\') {
          out += src.slice(i, i + 2);
          i += 2;
        } else if (d === '"') {
          out += '"';
          i++;
          closed = true;
          break;
        } else if (d === '$' && src[i + 1] === '(' && src[i + 2] !== '(') {
          const close = matchParen(src, i + 2);
          if (close === -1) throw new ShellSyntaxError('unterminated $(', base + i);
          if (depth < MAX_SUB_DEPTH) substitution(i, src.slice(i + 2, close));
          i = close + 1;
        } else if (d === '`') {
          const close = matchBacktick(src, i + 1);
          if (close === -1) throw new ShellSyntaxError('unterminated backtick', base + i);
          if (depth < MAX_SUB_DEPTH) substitution(i, src.slice(i + 1, close));
          i = close + 1;
        } else {
          out += d;
          i++;
        }
      }
      if (!closed) throw new ShellSyntaxError('unterminated double quote', base + i);
      continue;
    }
    if (c === '$' && src[i + 1] === '(' && src[i + 2] === '(') {
      // Arithmetic: a number, whatever it reads.
      const close = matchParen(src, i + 2);
      if (close === -1) throw new ShellSyntaxError('unterminated $((', base + i);
      out += '0';
      i = close + 1;
      continue;
    }
    if (c === '$' && src[i + 1] === '(' && src[i + 2] !== '(') {
      const close = matchParen(src, i + 2);
      if (close === -1) throw new ShellSyntaxError('unterminated $(', base + i);
      if (depth < MAX_SUB_DEPTH) substitution(i, src.slice(i + 2, close));
      i = close + 1;
      continue;
    }
    if ((c === '<' || c === '>') && src[i + 1] === '(' && (i === 0 || /[\s;|&]/.test(src[i - 1]!))) {
      const close = matchParen(src, i + 2);
      if (close === -1) throw new ShellSyntaxError('unterminated process substitution', base + i);
      if (depth < MAX_SUB_DEPTH) substitution(i, src.slice(i + 2, close));
      i = close + 1;
      continue;
    }
    if (c === '`') {
      const close = matchBacktick(src, i + 1);
      if (close === -1) throw new ShellSyntaxError('unterminated backtick', base + i);
      if (depth < MAX_SUB_DEPTH) substitution(i, src.slice(i + 1, close));
      i = close + 1;
      continue;
    }
    if (c === '#' && (i === 0 || /[\s;|&()]/.test(src[i - 1]!))) {
      const nl = src.indexOf('\n', i);
      i = nl === -1 ? n : nl;
      continue;
    }
    if (c === '<' && src[i + 1] === '<' && src[i + 2] !== '<') {
      let j = i + 2;
      const strip = src[j] === '-';
      if (strip) j++;
      while (src[j] === ' ' || src[j] === '\t') j++;
      let delim = '';
      let literal = false;
      while (j < n && !/[\s;|&<>()]/.test(src[j]!)) {
        const d = src[j]!;
        if (d === "'" || d === '"') {
          literal = true;
          const close = src.indexOf(d, j + 1);
          if (close === -1) throw new ShellSyntaxError('unterminated here-document delimiter', base + j);
          delim += src.slice(j + 1, close);
          j = close + 1;
        } else if (d === '\\') {
          literal = true;
          delim += src[j + 1] ?? '';
          j += 2;
        } else {
          delim += d;
          j++;
        }
      }
      out += src.slice(i, j);
      if (delim !== '') pendingHeredocs.push({ delim, strip, literal });
      i = j;
      continue;
    }
    if (c === '\n') {
      const end = i;
      i++;
      for (const h of pendingHeredocs) {
        let body = '';
        let found = false;
        while (i < n) {
          const nl = src.indexOf('\n', i);
          const lineEnd = nl === -1 ? n : nl;
          const raw = src.slice(i, lineEnd);
          i = nl === -1 ? n : nl + 1;
          if ((h.strip ? raw.replace(/^\t+/, '') : raw) === h.delim) {
            found = true;
            break;
          }
          body += raw + '\n';
        }
        if (!found && i >= n && body === '') break;
        heredocs.push({ body, literal: h.literal });
      }
      pendingHeredocs = [];
      flush(end);
      start = i;
      continue;
    }
    out += c;
    i++;
  }
  flush(n);
  return lines;
}

/** Offset of the `)` closing a `$(` whose text starts at `from`, respecting quotes and nesting; -1 if none. */
function matchParen(src: string, from: number): number {
  let level = 1;
  for (let i = from; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') i++;
    else if (c === "'") {
      const close = src.indexOf("'", i + 1);
      if (close === -1) return -1;
      i = close;
    } else if (c === '"') {
      for (i++; i < src.length && src[i] !== '"'; i++) if (src[i] === '\\') i++;
    } else if (c === '(') level++;
    else if (c === ')' && --level === 0) return i;
  }
  return -1;
}

function matchBacktick(src: string, from: number): number {
  for (let i = from; i < src.length; i++) {
    if (src[i] === '\\') i++;
    else if (src[i] === '`') return i;
  }
  return -1;
}
