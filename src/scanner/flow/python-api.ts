/**
 * What Python's standard library and common packages do, for the flow analysis: where the
 * environment, files and keychains are read (sources), where data leaves (requests, httpx,
 * aiohttp, urllib, http.client, sockets, DNS, smtplib, webbrowser, subprocess running curl and the
 * like), and where files are written.
 */
import type { Part } from './context.js';
import type { Api, Call, Evaluator } from './evaluate.js';
import { command, environment, environmentVariable, globbed, literal, part, treeContent, walk } from './api-common.js';
import { ownerParts } from './sources.js';
import { EMPTY, type Handle, type Value, concat, data, join, joinAll, text, withSource } from './value.js';

const HTTP_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'stream', 'send']);
const CLIENTS = new Set(['requests.Session', 'requests.session', 'requests.sessions.Session', 'httpx.Client', 'httpx.AsyncClient', 'aiohttp.ClientSession', 'urllib3.PoolManager', 'urllib3.HTTPSConnectionPool', 'urllib3.HTTPConnectionPool']);
const PURE = new Set(['len', 'bool', 'int', 'float', 'isinstance', 'hasattr', 'callable', 'type', 'id', 'print', 'os.path.exists', 'os.path.isfile', 'os.path.isdir', 'os.path.getsize', 'os.path.getmtime', 'os.makedirs', 'os.mkdir', 'os.remove', 'os.unlink', 'os.chmod', 'time.sleep', 'logging.info', 'logging.debug', 'logging.warning', 'logging.error', 'hashlib.sha256', 'hashlib.md5', 'hashlib.sha1', 'range', 'enumerate', 'zip', 'sorted']);
const PATHS = new Set(['os.path.expanduser', 'os.path.expandvars', 'os.path.abspath', 'os.path.realpath', 'os.path.normpath', 'os.path.join', 'pathlib.Path', 'pathlib.PurePath', 'pathlib.PosixPath', 'pathlib.WindowsPath', 'os.fspath', 'str', 'posixpath.join', 'ntpath.join']);
const COMMANDS = new Set(['subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.Popen', 'subprocess.getoutput', 'subprocess.getstatusoutput', 'os.system', 'os.popen', 'commands.getoutput', 'asyncio.create_subprocess_shell', 'asyncio.create_subprocess_exec', 'pty.spawn', 'os.execvp', 'os.execv', 'os.execl', 'os.execlp', 'os.spawnlp', 'sh.Command']);

function handle(kind: Handle['kind'], api: string, target: Value | null, attached: Value | null, append = false): Value {
  return { ...EMPTY, handle: { kind, api, target, attached, append } };
}

function httpCall(ev: Evaluator, c: Call, api: string, verb: string, base: Value | null, attached: Value | null): Value {
  const urlArg = verb === 'request' || (verb === 'stream' && c.args.length > 1) ? c.args[1] : c.args[0];
  const url = c.kw.get('url') ?? urlArg ?? null;
  const parts: Part[] = [
    ...part('url', url ?? undefined),
    ...part('url', c.kw.get('params')),
    ...part('body', c.kw.get('data') ?? c.kw.get('content') ?? (verb === 'post' || verb === 'put' || verb === 'patch' ? c.args[1] : undefined)),
    ...part('body', c.kw.get('json')),
    ...part('body', c.kw.get('files')),
    ...part('body', c.kw.get('body') ?? c.kw.get('fields')),
    ...part('header', c.kw.get('headers')),
    ...part('credentials', c.kw.get('auth')),
    ...part('credentials', c.kw.get('cookies')),
    ...part('header', attached ?? undefined),
  ];
  if (verb === 'send') parts.push(...part('body', c.args[0]));
  const target = url && base && !(url.str[0] ?? '').includes('://') ? concat([base, url]) : (url ?? base);
  ev.sink({ type: 'network', api, kind: 'http', target, parts, at: c.at, end: c.end });
  return EMPTY;
}

export const PYTHON_API: Api = {
  selfNames: ['self', 'cls'],

  attr(name, at, ev) {
    if (name === 'os.environ' || name === 'os.environb') return environment('os.environ', at, ev);
    if (name.startsWith('env[')) return environmentVariable(name === 'env[*]' ? null : name.slice(4, -1), at, ev, 'os.environ');
    return undefined;
  },

  call(name, c, ev) {
    if (PURE.has(name)) return EMPTY;
    if (name === 'os.getenv' || name === 'os.environ.get' || name === 'os.getenvb') return environmentVariable(literal(c.args[0] ?? c.kw.get('key')), c.at, ev, 'os.getenv');
    if (name === 'pathlib.Path.home' || name === 'Path.home' || name === 'os.path.expanduser' && literal(c.args[0]) === '~') return text('~');
    if (name === 'pathlib.Path.cwd' || name === 'os.getcwd') return text('.');
    if (PATHS.has(name)) return c.args.length === 0 ? text('.') : concat(c.args, '/');
    if (name === 'open' || name === 'io.open' || name === 'codecs.open' || name === 'builtins.open' || name === 'aiofiles.open') return openFile(ev, c, c.args[0] ?? c.kw.get('file') ?? EMPTY, literal(c.args[1] ?? c.kw.get('mode')) ?? 'r');
    if (name === 'os.walk' || name === 'os.fwalk') return walk(c.args[0] ?? EMPTY, c.at, ev, true);
    if (name === 'os.listdir' || name === 'os.scandir') return walk(c.args[0] ?? text('.'), c.at, ev, false);
    if (name === 'glob.glob' || name === 'glob.iglob') return globbed(c.args[0] ?? EMPTY, c.at, ev);
    if (name === 'shutil.make_archive') return treeContent(c.kw.get('root_dir') ?? c.args[2] ?? EMPTY, c.at, ev);
    if (name === 'shutil.copytree') {
      ev.sink({ type: 'write', api: name, path: c.args[1] ?? EMPTY, content: treeContent(c.args[0] ?? EMPTY, c.at, ev), append: false, at: c.at, end: c.end });
      return EMPTY;
    }
    if (name === 'shutil.copy' || name === 'shutil.copyfile' || name === 'shutil.copy2' || name === 'shutil.move' || name === 'os.rename' || name === 'os.replace') {
      ev.sink({ type: 'write', api: name, path: c.args[1] ?? EMPTY, content: ev.fileContent(c.args[0] ?? EMPTY, c.at), append: false, at: c.at, end: c.end });
      return EMPTY;
    }
    if (COMMANDS.has(name)) {
      const cmd = c.args[0] ?? c.kw.get('args') ?? c.kw.get('cmd');
      if (name === 'asyncio.create_subprocess_exec' || name.startsWith('os.exec') || name === 'os.spawnlp') return command(ev, c, { ...EMPTY, items: c.args }, true);
      return command(ev, c, cmd, !!cmd?.items);
    }
    const verb = name.slice(name.lastIndexOf('.') + 1);
    if ((name.startsWith('requests.') || name.startsWith('httpx.')) && HTTP_VERBS.has(verb) && name.split('.').length === 2) return httpCall(ev, c, name, verb, null, null);
    if (CLIENTS.has(name)) return handle('http-client', name, c.kw.get('base_url') ?? null, joinAll([c.kw.get('headers'), c.kw.get('auth'), c.kw.get('cookies')].filter((v): v is Value => !!v)));
    if (name === 'urllib.request.Request' || name === 'urllib2.Request') {
      return handle('request', 'urllib.request.urlopen', c.args[0] ?? c.kw.get('url') ?? null, joinAll([c.args[1], c.kw.get('data'), c.kw.get('headers')].filter((v): v is Value => !!v)));
    }
    if (name === 'urllib.request.urlopen' || name === 'urllib2.urlopen' || name === 'urllib.urlopen') {
      const first = c.args[0] ?? c.kw.get('url') ?? EMPTY;
      const parts: Part[] = [...part('url', first), ...part('body', c.args[1] ?? c.kw.get('data'))];
      if (first.handle?.kind === 'request' && first.handle.attached) parts.push(...part('body', first.handle.attached));
      ev.sink({ type: 'network', api: 'urllib.request.urlopen', kind: 'http', target: first.handle?.target ?? first, parts, at: c.at, end: c.end });
      return EMPTY;
    }
    if (name === 'http.client.HTTPSConnection' || name === 'http.client.HTTPConnection' || name === 'httplib.HTTPSConnection' || name === 'httplib.HTTPConnection') return handle('http-connection', name, concat([text('https://'), c.args[0] ?? c.kw.get('host') ?? EMPTY]), null);
    if (name === 'socket.socket') return handle('socket', 'socket', null, null);
    if (name === 'socket.create_connection') return handle('socket', 'socket.create_connection', addressOf(c.args[0]), null);
    if (name === 'socket.gethostbyname' || name === 'socket.gethostbyname_ex' || name === 'socket.getaddrinfo' || name === 'dns.resolver.resolve' || name === 'dns.resolver.query' || name === 'socket.gethostbyaddr') {
      ev.sink({ type: 'network', api: name, kind: 'dns', target: null, parts: part('hostname', c.args[0]), at: c.at, end: c.end });
      return EMPTY;
    }
    if (name === 'smtplib.SMTP' || name === 'smtplib.SMTP_SSL') return handle('smtp', name, c.args[0] ?? c.kw.get('host') ?? null, null);
    if (name === 'ftplib.FTP' || name === 'ftplib.FTP_TLS') return handle('socket', name, c.args[0] ?? null, null);
    if (name === 'webbrowser.open' || name === 'webbrowser.open_new' || name === 'webbrowser.open_new_tab') {
      ev.sink({ type: 'network', api: name, kind: 'http', target: c.args[0] ?? null, parts: part('url', c.args[0]), at: c.at, end: c.end });
      return EMPTY;
    }
    if (name === 'keyring.get_password' || name === 'keyring.get_credential') {
      const service = literal(c.args[0]) ?? '';
      return withSource(EMPTY, { what: `reads the keychain item ${service ? `"${service}" ` : ''}(${name})`, line: ev.ctx.lineOf(c.at), cls: 'token', owner: ownerParts(service) });
    }
    if (name === 'netrc.netrc') return withSource(EMPTY, { what: 'reads ~/.netrc (netrc module)', line: ev.ctx.lineOf(c.at), cls: 'token', owner: [] });
    if (name.startsWith('browser_cookie3.') || name.startsWith('browsercookie.') || name.startsWith('pycookiecheat.')) return withSource(EMPTY, { what: `reads browser cookies (${name})`, line: ev.ctx.lineOf(c.at), cls: 'store', owner: [] });
    if (name === 'sqlite3.connect') return join(ev.fileContent(c.args[0] ?? EMPTY, c.at), EMPTY);
    if (name === 'getpass.getpass') return EMPTY;
    return undefined;
  },

  method(recv, name, c, ev) {
    if (recv.env) {
      if (name === 'get' || name === 'pop' || name === 'setdefault' || name === '__getitem__') return environmentVariable(literal(c.args[0]), c.at, ev, 'os.environ');
      return data(recv);
    }
    const h = recv.handle;
    if (h) return handleMethod(ev, h, name, c);
    // A parameter read as a path (`def read(p): return p.read_text()`): what the call reads is
    // decided by the caller's argument, substituted through the function's summary.
    if (recv.str.length === 0 && recv.par && !recv.mod && (name === 'read_text' || name === 'read_bytes')) return ev.fileContent(recv, c.at);
    if (recv.str.length > 0 && !recv.mod) {
      switch (name) {
        case 'read_text':
        case 'read_bytes':
          return ev.fileContent(recv, c.at);
        case 'open':
          return openFile(ev, c, recv, literal(c.args[0] ?? c.kw.get('mode')) ?? 'r');
        case 'write_text':
        case 'write_bytes':
          ev.sink({ type: 'write', api: `Path.${name}`, path: recv, content: c.args[0] ?? EMPTY, append: false, at: c.at, end: c.end });
          return EMPTY;
        case 'joinpath':
          return concat([recv, ...c.args], '/');
        case 'expanduser':
        case 'resolve':
        case 'absolute':
        case 'as_posix':
          return recv;
        case 'glob':
          return walk(recv, c.at, ev, (literal(c.args[0]) ?? '').includes('**'), literal(c.args[0]) ?? '*');
        case 'rglob':
        case 'walk':
          return walk(recv, c.at, ev, true);
        case 'iterdir':
          return walk(recv, c.at, ev, false);
        case 'exists':
        case 'is_file':
        case 'is_dir':
        case 'stat':
        case 'mkdir':
        case 'touch':
        case 'startswith':
        case 'endswith':
          return EMPTY;
        case 'format':
          return { ...joinAll([data(recv), ...c.args.map(data), ...[...c.kw.values()].map(data)]), str: recv.str };
        case 'replace':
        case 'strip':
        case 'lower':
        case 'upper':
          return { ...data(recv), str: name === 'replace' ? [] : recv.str };
      }
    }
    return undefined;
  },
};

function openFile(ev: Evaluator, c: Call, path: Value, mode: string): Value {
  if (/[wax+]/.test(mode)) return handle('file-write', 'open', path, null, mode.includes('a'));
  return ev.fileContent(path, c.at);
}

function addressOf(v: Value | undefined): Value | null {
  if (!v) return null;
  if (v.items && v.items.length >= 1) return concat([v.items[0]!, text(':'), v.items[1] ?? EMPTY]);
  return v;
}

function handleMethod(ev: Evaluator, h: Handle, name: string, c: Call): Value | undefined {
  switch (h.kind) {
    case 'http-client':
      if (HTTP_VERBS.has(name) || name === 'urlopen') return httpCall(ev, c, `${h.api}().${name}`, name === 'urlopen' ? 'request' : name, h.target, h.attached);
      return { ...EMPTY, handle: h };
    case 'http-connection':
      if (name === 'request' || name === 'send' || name === 'putrequest') {
        const parts: Part[] = name === 'request' ? [...part('url', c.args[1] ?? c.kw.get('url')), ...part('body', c.args[2] ?? c.kw.get('body')), ...part('header', c.args[3] ?? c.kw.get('headers'))] : part('body', c.args[0]);
        ev.sink({ type: 'network', api: `${h.api}().${name}`, kind: 'http', target: h.target, parts, at: c.at, end: c.end });
      }
      return EMPTY;
    case 'socket':
      if (name === 'send' || name === 'sendall' || name === 'sendto' || name === 'sendmsg' || name === 'write' || name === 'storbinary' || name === 'storlines') {
        const payload = name === 'storbinary' || name === 'storlines' ? c.args[1] : c.args[0];
        ev.sink({ type: 'network', api: `${h.api}.${name}`, kind: 'socket', target: name === 'sendto' ? addressOf(c.args[1]) : h.target, parts: part('body', payload), at: c.at, end: c.end });
        return EMPTY;
      }
      if (name === 'connect') return EMPTY;
      return { ...EMPTY, handle: h };
    case 'file-write':
      if (name === 'write' || name === 'writelines') {
        ev.sink({ type: 'write', api: 'open().write', path: h.target ?? EMPTY, content: c.args[0] ?? EMPTY, append: !!h.append, at: c.at, end: c.end });
        return EMPTY;
      }
      return { ...EMPTY, handle: h };
    case 'smtp':
      if (name === 'sendmail' || name === 'send_message') {
        ev.sink({ type: 'network', api: `${h.api}().${name}`, kind: 'mail', target: h.target, parts: c.args.map((a) => ({ role: 'body' as const, v: a })), at: c.at, end: c.end });
        return EMPTY;
      }
      return EMPTY;
    default:
      return undefined;
  }
}
