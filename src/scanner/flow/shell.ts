/**
 * Flow analysis of shell scripts. Lines come from shell-lex.ts; each line's words and operators
 * from shell-quote, with `$VAR`, `${VAR…}` and substitutions kept as markers so a word's value
 * is the concatenation of its literal text and its variables' values. Commands are read for what
 * they do: which print a secret (`cat ~/.ssh/id_rsa`, `gh auth token`, `env`), which send
 * (`curl`, `wget`, `nc`, `ssh`, `scp`, `gh gist create`, DNS tools, `/dev/tcp`), which write a
 * file (redirections, `tee`, `cp`, `crontab`). Pipes carry a command's output to the next
 * command's input; variables keep what was assigned to them anywhere in the script.
 */
import { parse as shellWords, type ParseEntry } from 'shell-quote';
import type { FlowContext, Part, Role } from './context.js';
import { isCredentialKey } from './evaluate.js';
import { splitLines, type Heredoc, type LogicalLine } from './shell-lex.js';
import { commandSecret, isHomeVariable, secretEnvName, secretPath } from './sources.js';
import { EMPTY, UNKNOWN, type Value, concat, data, join, joinAll, tainted, text, withSource } from './value.js';

const OPEN = '\u0002';
const CLOSE = '\u0003';

type Word = { v: Value; raw: string };
/** A word as parsed: its text with variable markers, valued when the command runs. */
type RawWord = { raw: string };
type Redirect = { op: string; target: RawWord | null };
interface Simple {
  type: 'cmd';
  words: RawWord[];
  redirs: Redirect[];
  /** Index of its logical line. */
  line: number;
}
interface Group {
  type: 'group';
  list: Pipeline[];
  redirs: Redirect[];
  line: number;
}
/** `name() { … }`: run where it is called, with the call's arguments as $1, $2, … */
interface Func {
  type: 'func';
  name: string;
  list: Pipeline[];
  redirs: Redirect[];
  line: number;
}
type Element = Simple | Group | Func;
type Pipeline = Element[];

const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'esac', '!', 'time', 'function', 'coproc']);
const REDIRECTS = new Set(['>', '>>', '<', '>&', '<&', '&>', '>|', '<<', '<<<', '<>', '&>>', '<<-']);
const WRAPPERS = new Set(['sudo', 'command', 'exec', 'nohup', 'time', 'nice', 'stdbuf', 'doas', 'builtin', 'caffeinate']);
/** Commands that take paths without printing the files' content. */
const NO_READ = new Set(['cd', 'mkdir', 'rm', 'rmdir', 'chmod', 'chown', 'chgrp', 'touch', 'test', '[', '[[', 'ls', 'stat', 'echo', 'printf', 'export', 'ssh-keygen', 'ssh-add', 'ln', 'dirname', 'basename', 'realpath', 'readlink', 'file', 'which', 'type', 'pushd', 'popd', 'local', 'declare', 'unset', 'source', '.', 'mv', 'cp', 'install', 'trap', 'wait', 'kill', 'sleep', 'true', 'false', 'exit', 'return', 'shift', 'set', 'eval', 'read', 'open', 'code']);
/** Commands that walk a folder tree, so the home folder as their argument means everything in it. */
const WALKERS = new Set(['tar', 'zip', '7z', '7za', 'rsync', 'find', 'grep', 'egrep', 'rg', 'ag', 'cp', 'scp', 'du', 'ls', 'rclone', 'gsutil', 'aws', 'restic', 'borg', 'duplicity', 'ditto', 'cpio', 'xargs']);
const NETWORK_COMMANDS = new Set(['curl', 'wget', 'nc', 'ncat', 'netcat', 'socat', 'telnet', 'ssh', 'scp', 'sftp', 'rsync', 'ftp', 'nslookup', 'dig', 'host', 'drill', 'ping', 'ping6', 'traceroute', 'gh', 'mail', 'mailx', 'sendmail', 'mutt', 'msmtp', 's-nail', 'pastebinit', 'openssl', 'xdg-open', 'resolvectl', 'getent']);

const CURL_VALUE = new Set(['-d', '--data', '--data-raw', '--data-binary', '--data-ascii', '--data-urlencode', '--json', '-F', '--form', '--form-string', '-H', '--header', '-u', '--user', '-T', '--upload-file', '-X', '--request', '-o', '--output', '-A', '--user-agent', '-e', '--referer', '-b', '--cookie', '-c', '--cookie-jar', '-x', '--proxy', '-K', '--config', '--url', '-m', '--max-time', '--connect-timeout', '-w', '--write-out', '-r', '--range', '--retry', '--resolve', '-E', '--cert', '--key', '--cacert', '--capath', '--oauth2-bearer', '--aws-sigv4', '--netrc-file', '-U', '--proxy-user', '-C', '--continue-at', '--limit-rate', '-y', '-Y', '--max-filesize', '--interface', '--dns-servers', '--local-port', '-z', '--time-cond', '--unix-socket', '-Q', '--quote', '--mail-from', '--mail-rcpt', '--retry-delay', '--retry-max-time', '--output-dir', '--variable', '--expand-data', '--expand-url', '--connect-to', '--cert-type', '--key-type', '--ciphers', '--proto', '--proto-redir', '--header-file']);
const SSH_VALUE = new Set(['-i', '-p', '-o', '-l', '-F', '-P', '-J', '-L', '-R', '-D', '-b', '-c', '-E', '-e', '-m', '-O', '-Q', '-S', '-W', '-w', '-B']);

export interface ShellRun {
  /** What the script prints: for `$(…)` and for commands run from Python or JavaScript. */
  output: Value;
}

/** Lines that are analysed per script; a longer script is analysed up to here. */
const MAX_DEPTH = 8;

export class ShellAnalyzer {
  private readonly vars = new Map<string, Value>();
  private readonly functions = new Map<string, { list: Pipeline[]; script: Script }>();
  private calls = 0;
  /** Input redirected into loops (`done < file`), given to `read` on the second pass. */
  private loopInput: Value = EMPTY;
  /** The folder set by the last literal `cd`, so that relative paths after it resolve (`cd ~; tar czf x .ssh`). */
  private cwd: string | null = null;
  /** What the script wrote into each file (an archive, a redirection), so that sending the file later sends that. */
  private readonly written = new Map<string, Value>();
  private counter = { n: 0 };
  private steps = 0;

  constructor(
    private readonly ctx: FlowContext,
    private readonly tick: () => void,
    preset?: Map<string, Value>,
    /** Report every sink and source at this position (a command embedded in another language). */
    private readonly fixed?: { at: number; end: number },
  ) {
    if (preset) for (const [k, v] of preset) this.vars.set(k, v);
  }

  /** Analyses a whole script (two passes, so later assignments reach earlier uses in loops and functions). */
  run(src: string, base: number, depth = 0): ShellRun {
    const script = this.parse(src, base, depth);
    let output = EMPTY;
    for (let pass = 0; pass < 2; pass++) {
      this.subCache.clear();
      output = join(output, this.execute(script, EMPTY, depth));
    }
    return { output: data(output) };
  }

  private readonly subs = new Map<string, { text: string; at: number }>();
  private readonly subCache = new Map<string, Value>();

  /** One token stream for the whole script (compound commands span lines), each command tagged with its line. */
  private parse(src: string, base: number, depth: number): Script {
    const lines = splitLines(src, base, this.counter, depth);
    const tokens: Token[] = [];
    const heredocs: Heredoc[] = [];
    lines.forEach((line, index) => {
      this.tick();
      for (const sub of line.subs) this.subs.set(sub.name, { text: sub.text, at: sub.at });
      heredocs.push(...line.heredocs);
      let words: ParseEntry[];
      try {
        words = shellWords(line.text, (key: string) => `${OPEN}${key}${CLOSE}`);
      } catch {
        return;
      }
      tokens.push({ line: index }, ...words);
      // A line ending in `|`, `&&` or `||` goes on on the next line.
      const last = words[words.length - 1];
      const continues = typeof last === 'object' && 'op' in last && (last.op === '|' || last.op === '&&' || last.op === '||' || last.op === '|&');
      if (!continues) tokens.push({ op: ';' } as ParseEntry);
    });
    return { lines, list: parseList(tokens, { i: 0, line: 0 }, null), heredocs };
  }

  private execute(script: Script, stdin: Value, depth: number): Value {
    return this.list(script.list, stdin, script, [...script.heredocs], depth);
  }

  private position(script: Script, line: number): { at: number; end: number } {
    if (this.fixed) return this.fixed;
    const l = script.lines[line];
    return l ? { at: l.at, end: l.end } : { at: 0, end: 0 };
  }

  private nested(src: string, at: number, depth: number): Value {
    try {
      return this.execute(this.parse(src, at, depth), EMPTY, depth);
    } catch {
      return EMPTY;
    }
  }

  /** The default of a parameter expansion, whose own `$HOME`, `${VAR}` or `~` the shell expands. */
  private defaultWord(word: string, at: number, depth: number): Value {
    const ref = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))(.*)$/.exec(word);
    if (ref) return concat([this.variable(ref[1] ?? ref[2]!, at, depth), text(ref[3]!)]);
    return text(word);
  }

  /** The value of a word: its text with variables replaced by their values. */
  private word(raw: string, at: number, depth = 0): Word {
    if (!raw.includes(OPEN)) return { v: text(raw), raw };
    const parts: Value[] = [];
    let i = 0;
    while (i < raw.length) {
      const open = raw.indexOf(OPEN, i);
      if (open === -1) {
        parts.push(text(raw.slice(i)));
        break;
      }
      if (open > i) parts.push(text(raw.slice(i, open)));
      const close = raw.indexOf(CLOSE, open);
      if (close === -1) break;
      parts.push(this.variable(raw.slice(open + 1, close), at, depth));
      i = close + 1;
    }
    return { v: concat(parts), raw: raw.split(OPEN).join('$').split(CLOSE).join('') };
  }

  private variable(expr: string, at: number, depth = 0): Value {
    const name = /^[#!]?([A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])/.exec(expr)?.[1] ?? expr;
    // `${VAR:-default}`, `${VAR-default}`, `${VAR:=default}`: the value is either the variable's or the default.
    const fallback = /^[A-Za-z_][A-Za-z0-9_]*:?[-=](.+)$/.exec(expr);
    if (fallback) return join(this.variable(name, at, depth), this.defaultWord(fallback[1]!, at, depth));
    const known = this.vars.get(name);
    if (known) return known;
    const sub = this.subs.get(name);
    if (sub) {
      let out = this.subCache.get(name);
      if (!out) {
        this.subCache.set(name, EMPTY);
        out = depth < MAX_DEPTH ? this.nested(sub.text, this.fixed?.at ?? sub.at, depth + 1) : EMPTY;
        this.subCache.set(name, out);
      }
      return out;
    }
    if (isHomeVariable(name)) return text('~');
    const secret = secretEnvName(name);
    if (secret) return withSource(EMPTY, { what: `reads the environment variable ${name}`, line: this.ctx.lineOf(at), cls: 'token', owner: secret.owner });
    return EMPTY;
  }

  private list(list: Pipeline[], stdin: Value, script: Script, heredocs: Heredoc[], depth: number): Value {
    let output = EMPTY;
    for (const p of list) {
      let cur = stdin;
      for (const el of p) cur = this.element(el, cur, script, heredocs, depth);
      output = join(output, cur);
    }
    return output;
  }

  private element(el: Element, stdin: Value, script: Script, heredocs: Heredoc[], depth: number): Value {
    this.tick();
    if (++this.steps > 200_000) return EMPTY;
    const pos = this.position(script, el.line);
    let input = stdin;
    const outputs: Array<{ op: string; target: Word }> = [];
    for (const raw of el.redirs) {
      const r = { op: raw.op, target: raw.target ? this.word(raw.target.raw, pos.at, depth) : null };
      if (!r.target && r.op !== '<<' && r.op !== '<<-') continue;
      if (r.op === '<') {
        const content = this.fileContent(r.target!.v, pos.at, false);
        input = join(input, content);
        // `done < file` feeds the loop's `read`s.
        if (el.type === 'cmd' && el.words.length === 0) this.loopInput = join(this.loopInput, content);
      } else if (r.op === '<<' || r.op === '<<-') {
        const h = heredocs.shift();
        if (h) input = join(input, this.heredoc(h, pos.at, depth));
      } else if (r.op === '<<<') input = join(input, r.target!.v);
      else if (r.op === '>' || r.op === '>>' || r.op === '>|' || r.op === '&>' || r.op === '&>>') outputs.push({ op: r.op, target: r.target! });
    }
    if (el.type === 'func') {
      this.functions.set(el.name, { list: el.list, script });
      this.list(el.list, EMPTY, script, heredocs, depth);
      return EMPTY;
    }
    const out = el.type === 'group' ? this.list(el.list, input, script, heredocs, depth) : this.command(el, input, pos, depth, script, heredocs);
    if (outputs.length === 0) return out;
    for (const o of outputs) {
      const path = o.target.v.str[0] ?? '';
      if (path === '/dev/null' || path === '/dev/stderr' || path === '/dev/stdout' || /^[0-9]$/.test(path)) continue;
      const dev = /^\/dev\/(tcp|udp)\/([^/]+)\/(\d+)/.exec(path);
      if (dev) this.ctx.sink({ type: 'network', api: `a redirection to /dev/${dev[1]}`, kind: 'socket', target: text(`${dev[2]}:${dev[3]}`), parts: [{ role: 'body', v: out }], ...pos });
      else {
        this.ctx.sink({ type: 'write', api: `a shell redirection (${o.op})`, path: o.target.v, content: out, append: o.op.endsWith('>>'), ...pos });
        for (const p of o.target.v.str) this.written.set(p, o.op.endsWith('>>') ? join(this.written.get(p) ?? EMPTY, out) : out);
      }
    }
    return EMPTY;
  }

  private heredoc(h: Heredoc, at: number, depth: number): Value {
    if (h.literal || !h.body.includes('$') && !h.body.includes('`')) return text(h.body);
    try {
      const tokens = shellWords(`"${h.body.replace(/[\\"]/g, '\\$&')}"`, (key: string) => `${OPEN}${key}${CLOSE}`);
      const subs = splitLines(`: "${h.body.replace(/"/g, '\\"')}"`, at, this.counter, depth + 1)[0]?.subs ?? [];
      let taint = EMPTY;
      for (const s of subs) taint = join(taint, this.nested(s.text, at, depth + 1));
      const word = typeof tokens[0] === 'string' ? this.word(tokens[0], at).v : text(h.body);
      return join(word, taint);
    } catch {
      return text(h.body);
    }
  }

  private fileContent(path: Value, at: number, walk: boolean): Value {
    let out: Value = { ...EMPTY, src: path.src, par: 0, filePar: path.par };
    for (const s of path.str) {
      const before = this.written.get(s);
      if (before) out = join(out, before);
      const resolved = this.cwd !== null && s !== '' && !s.startsWith('/') && !s.startsWith('~') && !s.startsWith('-') && !s.startsWith(UNKNOWN) ? `${this.cwd}/${s.startsWith('./') ? s.slice(2) : s}` : s;
      const kind = secretPath(resolved);
      if (!kind) continue;
      if (kind.label === 'the whole home directory' && !walk) continue;
      out = withSource(out, { what: kind.label === 'the whole home directory' ? 'walks the whole home directory' : `reads ${kind.label}`, line: this.ctx.lineOf(at), cls: kind.cls, owner: kind.owner });
    }
    return out;
  }

  private command(cmd: Simple, stdin: Value, pos: { at: number; end: number }, depth: number, script: Script, heredocs: Heredoc[]): Value {
    let words: Word[] = cmd.words.map((w) => this.word(w.raw, pos.at, depth));
    // Leading assignments.
    let k = 0;
    while (k < words.length && /^[A-Za-z_][A-Za-z0-9_]*\+?=/.test(words[k]!.raw)) k++;
    if (k === words.length) {
      for (const w of words) this.assignWord(w);
      return EMPTY;
    }
    words = words.slice(k);
    // Wrappers and `env VAR=x cmd`.
    for (let guard = 0; guard < 5 && words.length > 1; guard++) {
      const name = base(words[0]!.v.str[0] ?? '');
      if (WRAPPERS.has(name)) words = words.slice(1).filter((w, i) => i > 0 || !w.raw.startsWith('-'));
      else if (name === 'timeout') words = words.slice(2);
      else if (name === 'env' && words.length > 1 && (words[1]!.raw.includes('=') || words[1]!.raw.startsWith('-'))) {
        let j = 1;
        while (j < words.length && (words[j]!.raw.includes('=') || words[j]!.raw.startsWith('-'))) j++;
        words = words.slice(j);
        if (words.length === 0) return this.command({ ...cmd, words: [{ raw: 'env' }] }, stdin, pos, depth, script, heredocs);
      } else break;
    }
    if (words.length === 0) return EMPTY;
    const name = base(words[0]!.v.str[0] ?? '');
    const args = words.slice(1);
    const strs = words.map((w) => w.v.str[0] ?? UNKNOWN);
    const line = this.ctx.lineOf(pos.at);
    const argValues = () => joinAll(args.map((a) => data(a.v)));

    if (name === 'export' || name === 'local' || name === 'declare' || name === 'readonly' || name === 'typeset') {
      const assigned = args.filter((a) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(a.raw));
      for (const a of assigned) this.assignWord(a);
      if (assigned.length > 0 || args.some((a) => !a.raw.startsWith('-'))) return EMPTY;
    }
    if (name === 'read' || name === 'mapfile' || name === 'readarray') {
      const input = join(stdin, this.loopInput);
      for (const a of args) if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(a.raw)) this.bind(a.raw, input);
      return EMPTY;
    }
    if (name === 'for' || name === 'select') {
      const inAt = strs.indexOf('in');
      const varName = strs[1];
      if (varName) this.bind(varName, inAt >= 0 ? joinAll(args.slice(inAt).map((a) => a.v)) : EMPTY);
      return EMPTY;
    }
    if ((name === 'bash' || name === 'sh' || name === 'zsh' || name === 'dash' || name === 'ksh') && strs[1] === '-c' && args[1]) return this.inline(args[1].v, pos, depth, stdin);
    if (name === 'eval') return this.inline(concat(args.map((a) => a.v), ' '), pos, depth, stdin);
    if (name === 'xargs') {
      const rest = args.filter((a, i) => i > 0 || !a.raw.startsWith('-'));
      if (rest.length === 0) return stdin;
      const inner = this.runWords(rest, EMPTY, pos, depth, script, heredocs);
      return join(inner, stdin);
    }

    if (name === 'cd' || name === 'pushd') {
      const dir = args.find((a) => !a.raw.startsWith('-'));
      const value = dir ? dir.v.str : ['~'];
      this.cwd = value.length === 1 && !value[0]!.includes(UNKNOWN) ? value[0]!.replace(/\/+$/, '') || '/' : null;
      return EMPTY;
    }
    const fn = this.functions.get(name);
    if (fn && depth < MAX_DEPTH && this.calls < 1000) {
      this.calls++;
      const saved = new Map<string, Value | undefined>();
      const positional: Array<[string, Value]> = args.slice(0, 9).map((a, i) => [String(i + 1), a.v]);
      positional.push(['@', argValues()], ['*', argValues()]);
      for (const [k, v] of positional) {
        saved.set(k, this.vars.get(k));
        this.vars.set(k, v);
      }
      const out = this.list(fn.list, stdin, fn.script, heredocs, depth + 1);
      for (const [k, v] of saved) {
        if (v) this.vars.set(k, v);
        else this.vars.delete(k);
      }
      return out;
    }
    const secret = commandSecret(strs);
    if (secret) return withSource(EMPTY, { what: secret.what, line, cls: secret.cls, owner: secret.owner });

    if (NETWORK_COMMANDS.has(name)) {
      this.network(name, args, stdin, pos);
      return EMPTY;
    }
    switch (name) {
      case 'cat':
        if (args.every((a) => a.raw.startsWith('-') || a.raw === '-')) return stdin;
        break;
      case 'echo':
      case 'printf':
        return concat(args.filter((a) => !/^-[neE]+$/.test(a.raw)).map((a) => a.v), ' ');
      case 'tee': {
        for (const a of args) if (!a.raw.startsWith('-')) this.ctx.sink({ type: 'write', api: 'tee', path: a.v, content: stdin, append: strs.includes('-a') || strs.includes('--append'), ...pos });
        return stdin;
      }
      case 'cp':
      case 'mv':
      case 'install':
      case 'ln': {
        const files = args.filter((a) => !a.raw.startsWith('-'));
        if (files.length >= 2) {
          const dest = files[files.length - 1]!;
          const src = joinAll(files.slice(0, -1).map((f) => this.fileContent(f.v, pos.at, strs.includes('-r') || strs.includes('-R') || strs.includes('-a'))));
          this.ctx.sink({ type: 'write', api: name, path: dest.v, content: src, append: false, ...pos });
        }
        return EMPTY;
      }
      case 'sed':
        if (args.some((a) => a.raw.startsWith('-i') || a.raw === '--in-place')) {
          const files = args.filter((a) => !a.raw.startsWith('-')).slice(1);
          for (const f of files) this.ctx.sink({ type: 'write', api: 'sed -i', path: f.v, content: args[0]?.v ?? null, append: true, ...pos });
        }
        break;
      case 'crontab':
        if (!args.some((a) => a.raw === '-l' || a.raw === '-r' || a.raw === '-e')) {
          const file = args.find((a) => !a.raw.startsWith('-'));
          const content = file ? join(this.fileContent(file.v, pos.at, false), file.v) : stdin;
          this.ctx.sink({ type: 'write', api: 'crontab', path: text('crontab'), content, append: false, ...pos });
        }
        return EMPTY;
    }
    // Any other command: what it prints may hold its input, its arguments and the files they name.
    const walks = WALKERS.has(name) && (name !== 'grep' || args.some((a) => /^-[a-zA-Z]*[rR]/.test(a.raw))) && (name !== 'ls' || args.some((a) => /^-[a-zA-Z]*R/.test(a.raw))) && (name !== 'cp' || args.some((a) => /^-[a-zA-Z]*[rRa]/.test(a.raw)));
    let out = join(stdin, argValues());
    if (!NO_READ.has(name) || walks) for (const a of args) out = join(out, this.fileContent(a.v, pos.at, walks));
    // An archive or copy the command writes holds what it read: `tar czf out.tgz …`, `zip out.zip …`, `cp a b`.
    const target = archiveTarget(name, args.map((a) => a.raw));
    if (target !== null) for (const p of args[target]?.v.str ?? []) this.written.set(p, out);
    return { ...out, str: [] };
  }

  private inline(script: Value, pos: { at: number; end: number }, depth: number, stdin: Value): Value {
    const src = script.str.length === 1 ? script.str[0]! : null;
    if (src === null || depth >= MAX_DEPTH) return join(data(script), stdin);
    const inner = this.nested(src.split(UNKNOWN).join('${__unknown}'), this.fixed?.at ?? pos.at, depth + 1);
    return join(inner, { ...EMPTY, src: script.src });
  }

  /** Runs already-valued words as a command (xargs' command with its input as arguments). */
  private runWords(words: Word[], stdin: Value, pos: { at: number; end: number }, depth: number, script: Script, heredocs: Heredoc[]): Value {
    const id = `__x${this.counter.n++}`;
    this.vars.set(id, joinAll(words.map((w) => w.v)));
    const raws = words.map((w, i) => ({ raw: i === 0 ? w.raw : `${OPEN}${id}${CLOSE}` }));
    return this.command({ type: 'cmd', words: raws, redirs: [], line: 0 }, stdin, pos, depth, script, heredocs);
  }

  private assignWord(w: Word): void {
    const eq = w.raw.indexOf('=');
    const name = w.raw.slice(0, eq).replace(/\+$/, '');
    // The word's value holds the name and `=`; keep what follows.
    const v = w.v;
    const str = v.str.map((s) => (s.startsWith(`${name}=`) ? s.slice(name.length + 1) : s.startsWith(`${name}+=`) ? s.slice(name.length + 2) : s));
    this.bind(name, { ...v, str, parts: undefined });
  }

  private bind(name: string, v: Value): void {
    const old = this.vars.get(name);
    this.vars.set(name, old ? join(old, v) : v);
  }

  private network(name: string, args: Word[], stdin: Value, pos: { at: number; end: number }): void {
    const parts: Part[] = [];
    const strs = args.map((a) => a.v.str[0] ?? UNKNOWN);
    const file = (v: Value) => this.fileContent(v, pos.at, false);
    const send = (api: string, kind: 'http' | 'socket' | 'dns' | 'mail' | 'ssh' | 'paste', target: Value | null) => {
      if (parts.length > 0) this.ctx.sink({ type: 'network', api, kind, target, parts, ...pos });
    };
    const positional = (takesValue: Set<string>) => {
      const out: Word[] = [];
      for (let i = 0; i < args.length; i++) {
        const a = args[i]!.raw;
        if (a.startsWith('-')) {
          if (takesValue.has(a)) i++;
          continue;
        }
        out.push(args[i]!);
      }
      return out;
    };
    switch (name) {
      case 'curl': {
        let url: Value | null = null;
        for (let i = 0; i < args.length; i++) {
          const raw = args[i]!.raw;
          let opt = raw;
          let value: Value | null = null;
          if (raw.startsWith('--') && raw.includes('=')) {
            opt = raw.slice(0, raw.indexOf('='));
            value = dropPrefix(args[i]!.v, raw.indexOf('=') + 1);
          } else if (/^-[a-zA-Z]./.test(raw) && CURL_VALUE.has(raw.slice(0, 2))) {
            opt = raw.slice(0, 2);
            value = dropPrefix(args[i]!.v, 2);
          } else if (CURL_VALUE.has(raw)) {
            value = args[i + 1]?.v ?? EMPTY;
            i++;
          } else if (raw.startsWith('-')) continue;
          else {
            url = url ? join(url, args[i]!.v) : args[i]!.v;
            parts.push({ role: 'url', v: args[i]!.v });
            continue;
          }
          const s = value!.str[0] ?? '';
          switch (opt) {
            case '-d':
            case '--data':
            case '--data-binary':
            case '--data-ascii':
            case '--data-urlencode':
            case '--json':
            case '--data-raw': {
              const at = opt === '--data-raw' ? -1 : s.indexOf('@');
              if (at >= 0 && (at === 0 || (opt === '--data-urlencode' && !s.slice(0, at).includes('=')))) {
                const path = dropPrefix(value!, at + 1);
                parts.push({ role: 'body', v: (path.str[0] ?? '') === '-' ? stdin : file(path) });
              } else parts.push({ role: 'body', v: value! });
              break;
            }
            case '-F':
            case '--form':
            case '--form-string': {
              const eq = s.indexOf('=');
              const rest = eq >= 0 ? s.slice(eq + 1) : '';
              if (opt !== '--form-string' && (rest.startsWith('@') || rest.startsWith('<'))) {
                const path = dropPrefix(value!, eq + 2);
                const p = (path.str[0] ?? '').split(';')[0]!;
                parts.push({ role: 'body', v: p === '-' ? stdin : file({ ...path, str: path.str.map((x) => x.split(';')[0]!) }) });
              } else parts.push({ role: 'body', v: value! });
              break;
            }
            case '-T':
            case '--upload-file':
              parts.push({ role: 'body', v: s === '-' || s === '.' ? stdin : file(value!) });
              break;
            case '-H':
            case '--header': {
              const colon = s.indexOf(':');
              parts.push({ role: colon > 0 && isCredentialKey(s.slice(0, colon).trim()) ? 'credentials' : 'header', v: value! });
              break;
            }
            case '-u':
            case '--user':
            case '--oauth2-bearer':
            case '-b':
            case '--cookie':
              parts.push({ role: 'credentials', v: join(value!, file(value!)) });
              break;
            case '--url':
              url = url ? join(url, value!) : value!;
              parts.push({ role: 'url', v: value! });
              break;
            case '-K':
            case '--config':
              parts.push({ role: 'body', v: file(value!) });
              break;
          }
        }
        send('curl', 'http', url);
        return;
      }
      case 'wget': {
        let url: Value | null = null;
        for (let i = 0; i < args.length; i++) {
          const raw = args[i]!.raw;
          const eq = raw.indexOf('=');
          const opt = raw.startsWith('--') && eq > 0 ? raw.slice(0, eq) : raw;
          const value = raw.startsWith('--') && eq > 0 ? dropPrefix(args[i]!.v, eq + 1) : null;
          const take = () => value ?? args[++i]?.v ?? EMPTY;
          if (opt === '--post-data' || opt === '--body-data') parts.push({ role: 'body', v: take() });
          else if (opt === '--post-file' || opt === '--body-file') parts.push({ role: 'body', v: file(take()) });
          else if (opt === '--header') {
            const v = take();
            const s = v.str[0] ?? '';
            parts.push({ role: s.includes(':') && isCredentialKey(s.slice(0, s.indexOf(':'))) ? 'credentials' : 'header', v });
          } else if (opt === '--user' || opt === '--password' || opt === '--http-user' || opt === '--http-password') parts.push({ role: 'credentials', v: take() });
          else if (['-O', '-o', '-P', '-U', '-e', '-t', '-T', '-w', '--output-document', '-a', '-i'].includes(opt) && value === null) i++;
          else if (!raw.startsWith('-')) {
            url = url ? join(url, args[i]!.v) : args[i]!.v;
            parts.push({ role: 'url', v: args[i]!.v });
          }
        }
        send('wget', 'http', url);
        return;
      }
      case 'nc':
      case 'ncat':
      case 'netcat':
      case 'telnet': {
        const pos2 = positional(new Set(['-p', '-s', '-w', '-i', '-q', '-x', '-X', '-e', '-c', '-o']));
        const host = pos2[0]?.v ?? null;
        if (host) parts.push({ role: 'url', v: host });
        parts.push({ role: 'body', v: stdin });
        send(name, 'socket', host ? concat([host, text(':'), pos2[1]?.v ?? EMPTY]) : null);
        return;
      }
      case 'socat': {
        let target: Value | null = null;
        for (const a of args) {
          const s = (a.v.str[0] ?? '').toLowerCase();
          if (/^(tcp|tcp4|tcp6|udp|udp4|udp6|openssl|ssl):/.test(s)) target = dropPrefix(a.v, s.indexOf(':') + 1);
          else if (s === '-' || s.startsWith('stdio') || s.startsWith('stdin')) parts.push({ role: 'body', v: stdin });
          else if (/^(file|open|gopen|create):/.test(s)) parts.push({ role: 'body', v: file(dropPrefix(a.v, s.indexOf(':') + 1)) });
          else if (s.startsWith('exec:') || s.startsWith('system:')) parts.push({ role: 'body', v: a.v });
        }
        if (target) parts.push({ role: 'url', v: target });
        send('socat', 'socket', target);
        return;
      }
      case 'openssl':
        if (strs[0] === 's_client') {
          const i = strs.indexOf('-connect');
          const target = i >= 0 ? args[i + 1]?.v ?? null : null;
          parts.push({ role: 'body', v: stdin });
          send('openssl s_client', 'socket', target);
        }
        return;
      case 'ssh': {
        const pos2 = positional(SSH_VALUE);
        const host = pos2[0]?.v ?? null;
        parts.push({ role: 'body', v: stdin });
        for (const a of pos2.slice(1)) parts.push({ role: 'body', v: a.v });
        send('ssh', 'ssh', host ? concat([text('ssh://'), host]) : null);
        return;
      }
      case 'scp':
      case 'rsync':
      case 'sftp':
      case 'ftp': {
        const pos2 = positional(name === 'rsync' ? new Set(['-e', '--rsh', '--exclude', '--include', '--filter', '-f']) : SSH_VALUE);
        const remote = pos2.find((a) => {
          const s = a.v.str[0] ?? '';
          return /^[^/]*:/.test(s) && !s.includes('://') || s.startsWith('rsync://') || s.startsWith('sftp://');
        });
        if (!remote && name !== 'sftp' && name !== 'ftp') return;
        const walk = args.some((a) => /^-[a-zA-Z]*[rRa]/.test(a.raw));
        for (const a of pos2) if (a !== remote) parts.push({ role: 'file', v: this.fileContent(a.v, pos.at, walk) });
        if (name === 'sftp' || name === 'ftp') parts.push({ role: 'body', v: stdin });
        const target = remote ? { ...remote.v, str: remote.v.str.map((s) => `ssh://${s.slice(0, s.indexOf(':') >= 0 ? s.indexOf(':') : s.length)}`) } : pos2[0]?.v ?? null;
        send(name, 'ssh', target);
        return;
      }
      case 'nslookup':
      case 'dig':
      case 'host':
      case 'drill':
      case 'ping':
      case 'ping6':
      case 'traceroute':
      case 'resolvectl':
      case 'getent': {
        for (const a of positional(new Set(['-t', '-c', '-p', '-q', '-W', '-i', '-s', '-w', '-class', '-type', '-port']))) if (!a.raw.startsWith('@') && tainted(a.v)) parts.push({ role: 'hostname', v: a.v });
        send(name, 'dns', null);
        return;
      }
      case 'gh': {
        const sub = `${strs[0] ?? ''} ${strs[1] ?? ''}`;
        if (sub === 'gist create' || sub === 'gist edit') {
          const files = positional(new Set(['-d', '--desc', '-f', '--filename']));
          const fileArgs = files.slice(2);
          for (const f of fileArgs) parts.push({ role: 'body', v: (f.v.str[0] ?? '') === '-' ? stdin : join(this.fileContent(f.v, pos.at, false), { ...EMPTY, src: f.v.src }) });
          if (fileArgs.length === 0) parts.push({ role: 'body', v: stdin });
          send(`gh ${sub}`, 'paste', text('https://gist.github.com'));
          return;
        }
        if (/^(issue|pr|release|discussion) (create|comment|edit)$/.test(sub) || sub.startsWith('api ')) {
          for (let i = 0; i < args.length; i++) {
            const o = args[i]!.raw;
            if (['-b', '--body', '-t', '--title', '-f', '--field', '-F', '--raw-field', '--notes', '-n'].includes(o)) parts.push({ role: 'body', v: args[++i]?.v ?? EMPTY });
            else if (['--body-file', '--input', '--notes-file'].includes(o)) {
              const v = args[++i]?.v ?? EMPTY;
              parts.push({ role: 'body', v: (v.str[0] ?? '') === '-' ? stdin : file(v) });
            } else if (o.startsWith('--body=') || o.startsWith('--field=') || o.startsWith('--raw-field=')) parts.push({ role: 'body', v: dropPrefix(args[i]!.v, o.indexOf('=') + 1) });
          }
          send(`gh ${sub}`, sub.startsWith('api') ? 'http' : 'paste', text('https://github.com'));
        }
        return;
      }
      case 'mail':
      case 'mailx':
      case 'sendmail':
      case 'mutt':
      case 'msmtp':
      case 's-nail':
        parts.push({ role: 'body', v: stdin });
        for (const a of args) parts.push({ role: 'body', v: a.raw.startsWith('-') ? EMPTY : a.v });
        for (let i = 0; i < args.length; i++) if (args[i]!.raw === '-a' || args[i]!.raw === '-A') parts.push({ role: 'file', v: file(args[i + 1]?.v ?? EMPTY) });
        send(name, 'mail', null);
        return;
      case 'pastebinit':
        parts.push({ role: 'body', v: stdin });
        for (const a of positional(new Set(['-b', '-a', '-f', '-t', '-u', '-p', '-i']))) parts.push({ role: 'body', v: file(a.v) });
        for (let i = 0; i < args.length; i++) if (args[i]!.raw === '-i') parts.push({ role: 'body', v: file(args[i + 1]?.v ?? EMPTY) });
        send('pastebinit', 'paste', null);
        return;
      case 'xdg-open':
        for (const a of args) parts.push({ role: 'url', v: a.v });
        send(name, 'http', args[0]?.v ?? null);
        return;
    }
  }
}

function base(cmd: string): string {
  const slash = cmd.lastIndexOf('/');
  return slash >= 0 ? cmd.slice(slash + 1) : cmd;
}

/** The value with the first `n` characters of its text dropped (`--data=@file` → `@file`). */
function dropPrefix(v: Value, n: number): Value {
  return { ...v, str: v.str.map((s) => s.slice(n)), parts: undefined };
}

type Token = ParseEntry | { line: number };

interface Script {
  lines: LogicalLine[];
  list: Pipeline[];
  heredocs: Heredoc[];
}

/** Groups shell-quote's tokens into pipelines of commands, `{ … }` and `( … )` groups and functions. */
function parseList(tokens: Token[], pos: { i: number; line: number }, closer: string | null, depth = 0): Pipeline[] {
  const list: Pipeline[] = [];
  let pipeline: Pipeline = [];
  const word = (raw: string): RawWord => ({ raw });
  const fresh = (): Simple => ({ type: 'cmd', words: [], redirs: [], line: pos.line });
  let cmd: Simple = fresh();
  let caseHeader = false;
  let functionName: string | null = null;
  let afterFunctionKeyword = false;
  const endCommand = () => {
    if (cmd.words.length > 0 || cmd.redirs.length > 0) pipeline.push(cmd);
    cmd = fresh();
  };
  const endPipeline = () => {
    endCommand();
    if (pipeline.length > 0) list.push(pipeline);
    pipeline = [];
  };
  const lastRedirect = () => (cmd.words.length === 0 && cmd.redirs.length === 0 ? (pipeline[pipeline.length - 1] as Element | undefined) : cmd);
  while (pos.i < tokens.length) {
    const t = tokens[pos.i++]!;
    if (typeof t === 'object' && 'line' in t) {
      pos.line = t.line;
      if (cmd.words.length === 0) cmd.line = t.line;
      continue;
    }
    if (typeof t === 'object' && 'comment' in t) continue;
    if (typeof t === 'object' && 'op' in t) {
      const op = t.op as string;
      if (op === 'glob') {
        cmd.words.push(word((t as { pattern: string }).pattern));
        continue;
      }
      if (REDIRECTS.has(op)) {
        const next = tokens[pos.i];
        const target = typeof next === 'string' ? word(next) : typeof next === 'object' && 'op' in next && next.op === 'glob' ? word((next as { pattern: string }).pattern) : null;
        if (target) pos.i++;
        // A file descriptor number written before the operator is not an argument.
        const last = cmd.words[cmd.words.length - 1];
        let fd = '';
        if (last && /^[0-9]$/.test(last.raw)) fd = cmd.words.pop()!.raw;
        // Redirecting another descriptor (2>/dev/null) leaves the output where it was.
        if (fd !== '' && fd !== '0' && fd !== '1') continue;
        (lastRedirect() ?? cmd).redirs.push({ op, target });
        continue;
      }
      if (op === '|' || op === '|&') {
        endCommand();
        continue;
      }
      if (op === '(') {
        const next = tokens[pos.i];
        if (cmd.words.length === 1 && /^[A-Za-z_][\w.:-]*$/.test(cmd.words[0]!.raw) && typeof next === 'object' && (next as { op?: string }).op === ')') {
          // `name () {` declares a function.
          pos.i++;
          functionName = cmd.words[0]!.raw;
          cmd = fresh();
          continue;
        }
        endCommand();
        const line = pos.line;
        pipeline.push({ type: 'group', list: depth < 200 ? parseList(tokens, pos, ')', depth + 1) : [], redirs: [], line });
        continue;
      }
      if (op === ')') {
        if (caseHeader || closer !== ')') {
          cmd = fresh();
          continue;
        }
        endPipeline();
        return list;
      }
      endPipeline();
      continue;
    }
    if (typeof t !== 'string') continue;
    if (t === '{' && (cmd.words.length === 0 || (afterFunctionKeyword && cmd.words.length === 1))) {
      if (afterFunctionKeyword && cmd.words.length === 1) functionName = cmd.words[0]!.raw.replace(/\(\)$/, '');
      cmd = cmd.words.length === 1 && functionName ? fresh() : cmd;
      endCommand();
      const line = pos.line;
      const list = depth < 200 ? parseList(tokens, pos, '}', depth + 1) : [];
      pipeline.push(functionName ? { type: 'func', name: functionName, list, redirs: [], line } : { type: 'group', list, redirs: [], line });
      functionName = null;
      afterFunctionKeyword = false;
      continue;
    }
    if (cmd.words.length === 0) {
      if (t === 'function') {
        afterFunctionKeyword = true;
        continue;
      }
      if (t === '}' && closer === '}') {
        endPipeline();
        return list;
      }
      if (t === 'case') {
        caseHeader = true;
        while (pos.i < tokens.length && tokens[pos.i] !== 'in') pos.i++;
        pos.i++;
        continue;
      }
      if (t === 'esac') {
        caseHeader = false;
        continue;
      }
      if (RESERVED.has(t)) continue;
    }
    cmd.words.push(word(t));
  }
  endPipeline();
  return list;
}

/** Index among a command's arguments of the file it writes as an archive or copy, or null. */
function archiveTarget(name: string, raws: string[]): number | null {
  if (name === 'tar') {
    for (let i = 0; i < raws.length; i++) {
      const r = raws[i]!;
      if (r === '-f' || r === '--file') return i + 1 < raws.length ? i + 1 : null;
      if (r.startsWith('--file=')) return null;
      // Bundled flags: `czf out.tgz`, `-czf out.tgz`.
      const flags = r.startsWith('-') ? r.slice(1) : i === 0 ? r : '';
      if (flags && !flags.startsWith('-') && /^[a-zA-Z]+$/.test(flags) && flags.includes('c') && flags.endsWith('f')) return i + 1 < raws.length ? i + 1 : null;
    }
    return null;
  }
  if (name === 'zip' || name === '7z' || name === '7za') {
    const first = raws.findIndex((r, i) => !r.startsWith('-') && !(name !== 'zip' && i === 0));
    return first === -1 ? null : first;
  }
  if (name === 'cp' || name === 'ditto') {
    const last = raws.length - 1;
    return last >= 1 && !raws[last]!.startsWith('-') ? last : null;
  }
  return null;
}
