/**
 * What Node's built-in modules and common packages do, for the flow analysis: process.env,
 * os.homedir, fs reads, walks and writes (sources and file sinks); fetch, axios, got, ky,
 * superagent, needle, http(s).request, net/tls sockets, dgram, dns, WebSocket, sendBeacon
 * (network sinks); child_process, execa, zx and Bun.spawn running commands (read by the shell
 * analysis).
 */
import type { Part } from './context.js';
import type { Api, Call, Evaluator } from './evaluate.js';
import { command, environment, environmentVariable, globbed, literal, part, walk } from './api-common.js';
import { ownerParts } from './sources.js';
import { EMPTY, type Handle, type Value, concat, data, join, joinAll, text, withSource } from './value.js';

const PATH_JOIN = new Set(['path.join', 'path.resolve', 'path.normalize', 'path.posix.join', 'path.posix.resolve', 'path.win32.join', 'path.win32.resolve', 'upath.join']);
const READS = new Set(['fs.readFileSync', 'fs.readFile', 'fs.promises.readFile', 'fs.createReadStream', 'fs-extra.readFile', 'fs-extra.readFileSync', 'fs-extra.readJson', 'fs-extra.readJsonSync', 'fs.openSync', 'Bun.file', 'Deno.readTextFile', 'Deno.readFile', 'Deno.readTextFileSync']);
const DIRS = new Set(['fs.readdirSync', 'fs.readdir', 'fs.promises.readdir', 'fs.opendirSync', 'fs.opendir', 'fs.promises.opendir', 'Deno.readDir']);
const GLOBS = new Set(['glob', 'glob.sync', 'glob.glob', 'glob.globSync', 'fast-glob', 'fast-glob.sync', 'globby', 'globby.globby', 'globby.globbySync', 'tiny-glob']);
const WRITES: Record<string, boolean> = { 'fs.writeFileSync': false, 'fs.writeFile': false, 'fs.promises.writeFile': false, 'fs.appendFileSync': true, 'fs.appendFile': true, 'fs.promises.appendFile': true, 'fs-extra.outputFile': false, 'fs-extra.outputFileSync': false, 'fs-extra.writeFile': false, 'Bun.write': false, 'Deno.writeTextFile': false, 'Deno.writeTextFileSync': false };
const COPIES = new Set(['fs.copyFileSync', 'fs.copyFile', 'fs.promises.copyFile', 'fs.cpSync', 'fs.cp', 'fs.promises.cp', 'fs.renameSync', 'fs.rename', 'fs.promises.rename', 'fs-extra.copy', 'fs-extra.copySync', 'fs.symlinkSync']);
const SHELL_STRING = new Set(['child_process.exec', 'child_process.execSync', 'execa.execaCommand', 'execa.execaCommandSync', 'execa.command', 'shelljs.exec']);
const ARGV = new Set(['child_process.spawn', 'child_process.spawnSync', 'child_process.execFile', 'child_process.execFileSync', 'execa', 'execa.execa', 'execa.execaSync', 'execa.sync', 'cross-spawn', 'cross-spawn.sync']);
const TEMPLATE_SHELL = new Set(['zx.$', 'execa.$', 'bun.$', 'Bun.$']);
const HTTP_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request']);

function handle(kind: Handle['kind'], api: string, target: Value | null, attached: Value | null, append = false): Value {
  return { ...EMPTY, handle: { kind, api, target, attached, append } };
}

function prop(v: Value | undefined, ...keys: string[]): Value | undefined {
  for (const k of keys) {
    const p = v?.props?.get(k);
    if (p) return p;
  }
  return undefined;
}

/** The parts of a request's options object: headers, body and query. */
function optionParts(opts: Value | undefined): Part[] {
  if (!opts) return [];
  if (!opts.props) return part('body', opts);
  return [
    ...part('header', prop(opts, 'headers')),
    ...part('body', prop(opts, 'body', 'data', 'json', 'form', 'formData')),
    ...part('url', prop(opts, 'params', 'searchParams', 'query', 'qs')),
    ...part('credentials', prop(opts, 'auth', 'username', 'password')),
    ...part('url', prop(opts, 'url')),
  ];
}

/** Where a request's options point: url, or baseURL + url, or protocol + host + path. */
function optionTarget(opts: Value | undefined): Value | null {
  const url = prop(opts, 'url', 'href');
  const base = prop(opts, 'baseURL', 'prefixUrl');
  if (base) return url ? concat([base, url]) : base;
  if (url) return url;
  const host = prop(opts, 'hostname', 'host');
  return host ? concat([text('https://'), host, prop(opts, 'path') ?? text('/')]) : null;
}

function network(ev: Evaluator, c: Call, api: string, target: Value | null, parts: Part[], kind: 'http' | 'socket' | 'dns' = 'http'): void {
  ev.sink({ type: 'network', api, kind, target, parts, at: c.at, end: c.end });
}

/** fetch(url, init), got(url, opts), ky(url, opts): the URL first, the rest in the options. */
function urlAndOptions(ev: Evaluator, c: Call, api: string): Value {
  const first = c.args[0];
  const opts = c.args[1];
  const isOptions = first?.props && !first.str.length;
  const target = isOptions ? optionTarget(first) : (first ?? null);
  network(ev, c, api, target, [...(isOptions ? [] : part('url', first)), ...optionParts(isOptions ? first : opts)]);
  return EMPTY;
}

function axiosVerb(ev: Evaluator, c: Call, api: string, verb: string, base: Value | null, attached: Value | null): Value {
  const withData = verb === 'post' || verb === 'put' || verb === 'patch';
  const url = verb === 'request' ? prop(c.args[0], 'url') : c.args[0];
  const config = verb === 'request' ? c.args[0] : withData ? c.args[2] : c.args[1];
  const parts: Part[] = [...part('url', url), ...(withData ? part('body', c.args[1]) : []), ...optionParts(config), ...part('header', attached ?? undefined)];
  const target = url && base && !(url.str[0] ?? '').includes('://') ? concat([base, url]) : (url ?? base ?? optionTarget(config));
  network(ev, c, api, target, parts);
  return EMPTY;
}

function callback(ev: Evaluator, c: Call, given: Value[]): void {
  const cb = [...c.args].reverse().find((a) => a.fn);
  if (cb?.fn) ev.invoke(cb.fn.fn, cb.fn.closure as never, { ...c, args: given, kw: new Map(), recv: null });
}

export const JAVASCRIPT_API: Api = {
  selfNames: ['this'],

  attr(name, at, ev) {
    if (name === 'process.env' || name === 'Bun.env' || name === 'Deno.env') return environment(name, at, ev);
    if (name.startsWith('env[')) return environmentVariable(name === 'env[*]' ? null : name.slice(4, -1), at, ev, 'process.env');
    if (name === 'os.EOL') return EMPTY;
    return undefined;
  },

  call(name, c, ev) {
    if (name === 'require') {
      const spec = literal(c.args[0]);
      if (spec === null) return EMPTY;
      const s = spec.startsWith('node:') ? spec.slice(5) : spec;
      return { ...EMPTY, mod: s === 'node-fetch' || s === 'cross-fetch' || s === 'isomorphic-fetch' ? 'fetch' : s.replace(/\//g, '.') };
    }
    if (name === 'os.homedir' || name === 'os.default.homedir') return text('~');
    if (name === 'os.tmpdir' || name === 'process.cwd') return text(name === 'process.cwd' ? '.' : '/tmp');
    if (name === 'Deno.env.get' || name === 'Bun.env.get') return environmentVariable(literal(c.args[0]), c.at, ev, name);
    if (name === 'Deno.env.toObject') return environment('Deno.env', c.at, ev);
    if (PATH_JOIN.has(name)) return concat(c.args, '/');
    if (name === 'path.dirname' || name === 'path.basename' || name === 'path.extname' || name === 'fs.existsSync' || name === 'fs.statSync' || name === 'fs.mkdirSync' || name === 'fs.rmSync' || name === 'fs.unlinkSync' || name === 'console.log' || name === 'console.error') return EMPTY;
    if (READS.has(name)) {
      const content = ev.fileContent(c.args[0] ?? EMPTY, c.at);
      callback(ev, c, [EMPTY, content]);
      return content;
    }
    if (DIRS.has(name)) {
      const recursive = !!prop(c.args[1], 'recursive');
      const listing = walk(c.args[0] ?? text('.'), c.at, ev, recursive);
      callback(ev, c, [EMPTY, listing]);
      return listing;
    }
    if (GLOBS.has(name)) {
      const cwd = prop(c.args[1], 'cwd');
      const pattern = c.args[0] ?? EMPTY;
      return globbed(cwd ? concat([cwd, pattern], '/') : pattern, c.at, ev);
    }
    if (name in WRITES) {
      const flag = literal(prop(c.args[2], 'flag'));
      ev.sink({ type: 'write', api: name, path: c.args[0] ?? EMPTY, content: c.args[1] ?? EMPTY, append: WRITES[name]! || (flag ?? '').includes('a'), at: c.at, end: c.end });
      return EMPTY;
    }
    if (COPIES.has(name)) {
      ev.sink({ type: 'write', api: name, path: c.args[1] ?? EMPTY, content: ev.fileContent(c.args[0] ?? EMPTY, c.at), append: false, at: c.at, end: c.end });
      return EMPTY;
    }
    if (name === 'fs.createWriteStream') return handle('file-write', name, c.args[0] ?? EMPTY, null, (literal(prop(c.args[1], 'flags')) ?? '').includes('a'));
    if (SHELL_STRING.has(name)) {
      const out = command(ev, c, c.args[0], false);
      callback(ev, c, [EMPTY, out]);
      return out;
    }
    if (ARGV.has(name) || name === 'Bun.spawn' || name === 'Bun.spawnSync' || name === 'Deno.Command') {
      const first = c.args[0];
      const argv = first?.items ? first.items : [first ?? EMPTY, ...(c.args[1]?.items ?? prop(c.args[1], 'args')?.items ?? [])];
      const out = command(ev, c, { ...EMPTY, items: argv }, true);
      callback(ev, c, [EMPTY, out]);
      return out;
    }
    if (TEMPLATE_SHELL.has(name)) return command(ev, c, c.args[0], false);
    if (name === 'fetch' || name === 'undici.fetch' || name === 'undici.request' || name === 'ky' || name === 'got' || name === 'needle' || name === 'phin' || name === 'ofetch' || name === 'ofetch.ofetch' || name === 'undici.stream') return urlAndOptions(ev, c, name);
    const dot = name.lastIndexOf('.');
    const lib = name.slice(0, dot);
    const verb = name.slice(dot + 1);
    if ((lib === 'got' || lib === 'ky' || lib === 'needle' || lib === 'superagent') && HTTP_VERBS.has(verb)) {
      if (lib === 'superagent') return handle('request', `superagent.${verb}`, c.args[0] ?? null, null);
      if (lib === 'needle') {
        network(ev, c, name, c.args[0] ?? null, [...part('url', c.args[0]), ...part('body', c.args[1]), ...optionParts(c.args[2])]);
        return EMPTY;
      }
      return urlAndOptions(ev, c, name);
    }
    if (name === 'axios' || name === 'axios.default') return axiosVerb(ev, c, 'axios', c.args[0]?.props ? 'request' : 'get', null, null);
    if (lib === 'axios' && HTTP_VERBS.has(verb)) return axiosVerb(ev, c, name, verb, null, null);
    if (name === 'axios.create') return handle('http-client', 'axios', prop(c.args[0], 'baseURL') ?? null, prop(c.args[0], 'headers', 'auth') ?? null);
    if (name === 'http.request' || name === 'https.request' || name === 'http.get' || name === 'https.get') {
      const first = c.args[0];
      const opts = first?.props ? first : c.args[1];
      const target = first?.props ? optionTarget(first) : (first ?? null);
      network(ev, c, name, target, [...(first?.props ? [] : part('url', first)), ...optionParts(opts)]);
      return handle('request', name, target, null);
    }
    if (name === 'net.connect' || name === 'net.createConnection' || name === 'tls.connect' || name === 'net.Socket' || name === 'tls.TLSSocket') {
      const first = c.args[0];
      const target = first?.props ? concat([prop(first, 'host') ?? EMPTY, text(':'), prop(first, 'port') ?? EMPTY]) : c.args[1] ? concat([c.args[1], text(':'), first ?? EMPTY]) : null;
      return handle('socket', name, target, null);
    }
    if (name === 'dgram.createSocket') return handle('socket', name, null, null);
    if (name.startsWith('dns.') && ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveTxt', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs'].includes(verb)) {
      network(ev, c, name, null, part('hostname', c.args[0]), 'dns');
      return EMPTY;
    }
    if (name === 'WebSocket' || name === 'ws' || name === 'ws.WebSocket' || name === 'ws.default') return handle('websocket', 'WebSocket', c.args[0] ?? null, null);
    if (name === 'XMLHttpRequest') return handle('request', 'XMLHttpRequest', null, null);
    if (name === 'navigator.sendBeacon') {
      network(ev, c, name, c.args[0] ?? null, [...part('url', c.args[0]), ...part('body', c.args[1])]);
      return EMPTY;
    }
    if (name === 'open' || name === 'open.default' || name === 'opn') {
      network(ev, c, 'open (a browser)', c.args[0] ?? null, part('url', c.args[0]));
      return EMPTY;
    }
    if (name === 'keytar.getPassword' || name === 'keytar.findPassword' || name === 'keytar.findCredentials') {
      const service = literal(c.args[0]) ?? '';
      return withSource(EMPTY, { what: `reads the keychain item ${service ? `"${service}" ` : ''}(${name})`, line: ev.ctx.lineOf(c.at), cls: 'token', owner: ownerParts(service) });
    }
    if (name === 'Headers' || name === 'URLSearchParams' || name === 'FormData') return joinAll(c.args);
    if (name === 'URL') return concat(c.args[1] ? [c.args[1], c.args[0]!] : c.args);
    return undefined;
  },

  method(recv, name, c, ev) {
    if (recv.env) return data(recv);
    const h = recv.handle;
    if (h) {
      switch (h.kind) {
        case 'http-client':
          if (HTTP_VERBS.has(name)) return axiosVerb(ev, c, `${h.api}.${name}`, name, h.target, h.attached);
          return { ...EMPTY, handle: h };
        case 'request':
          if (name === 'write' || name === 'end' || name === 'send') {
            if (c.args[0]) network(ev, c, `${h.api}().${name}`, h.target, part('body', c.args[0]));
            return EMPTY;
          }
          if (name === 'open') return handle('request', h.api, c.args[1] ?? null, null);
          if (name === 'query' || name === 'set' || name === 'field' || name === 'attach') {
            if (c.args.some((a) => a.src.length > 0 || a.par)) network(ev, c, `${h.api}().${name}`, h.target, c.args.map((a) => ({ role: name === 'set' ? ('header' as const) : ('body' as const), v: a })));
            return { ...EMPTY, handle: h };
          }
          return { ...EMPTY, handle: h };
        case 'socket':
        case 'websocket':
          if (name === 'write' || name === 'end' || name === 'send') {
            const target = h.api === 'dgram.createSocket' ? concat([c.args[2] ?? EMPTY, text(':'), c.args[1] ?? EMPTY]) : h.target;
            if (c.args[0] && !c.args[0].fn) network(ev, c, `${h.api}().${name}`, target, part('body', c.args[0]), 'socket');
            return EMPTY;
          }
          if (name === 'connect') return handle(h.kind, h.api, c.args[1] ? concat([c.args[1], text(':'), c.args[0] ?? EMPTY]) : h.target, null);
          return { ...EMPTY, handle: h };
        case 'file-write':
          if (name === 'write' || name === 'end') {
            if (c.args[0]) ev.sink({ type: 'write', api: `${h.api}().${name}`, path: h.target ?? EMPTY, content: c.args[0], append: !!h.append, at: c.at, end: c.end });
            return EMPTY;
          }
          return { ...EMPTY, handle: h };
        default:
          return undefined;
      }
    }
    if (recv.str.length > 0 && !recv.mod) {
      if (name === 'concat') return concat([recv, ...c.args]);
      if (name === 'toString' || name === 'trim' || name === 'toLowerCase' || name === 'replace' || name === 'replaceAll') return { ...data(recv), str: name === 'toString' || name === 'trim' ? recv.str : [] };
    }
    if (name === 'json' || name === 'text' || name === 'blob' || name === 'arrayBuffer') return recv.src.length > 0 || recv.par ? data(recv) : EMPTY;
    return undefined;
  },
};
