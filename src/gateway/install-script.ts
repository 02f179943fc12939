import { readFileSync } from 'node:fs';
import { badRequest } from '../util/app-error.js';
import { AGENTS, type AgentTarget } from './agents.js';
import { digestOf } from './bundle.js';
import type { EncodedBody } from './discovery.js';

/** The script's source, beside this module (the build copies it next to the compiled file). */
const TEMPLATE_URL = new URL('./install-script.sh', import.meta.url);
const SERVER_MARK = "'@SKILLPORT_SERVER@'";
const AGENTS_MARK = '# @SKILLPORT_AGENTS@';
/** Scripts kept per base URL: a server answers for a handful of names, a hostile Host header must not grow memory. */
const CACHED = 32;

/**
 * `install.sh`: the POSIX shell installer, with this server's URL as its default and the agent
 * table rendered from `AGENTS`, so the script, the bootstrap page and the `skills` installer
 * agree on every folder. Never holds a key or a share token: those come from the caller's
 * environment or flags when the script runs.
 */
export class InstallScript {
  private template?: string;
  private readonly rendered = new Map<string, EncodedBody>();

  constructor(private readonly agents: readonly AgentTarget[] = AGENTS) {}

  /** The script for a server reached at `baseUrl` (scheme, host, port, optional path). */
  render(baseUrl: string): EncodedBody {
    const base = baseUrl.replace(/\/+$/, '');
    // Only what a URL's scheme, host, port and path hold: the value lands inside the script.
    if (!/^https?:\/\/[A-Za-z0-9.\-[\]:]+(\/[A-Za-z0-9._~%+\-/]*)?$/.test(base)) {
      throw badRequest('The server URL for the install script must be an http(s) URL with a host name, port and path only; check the Host header or SKILLPORT_PUBLIC_URL');
    }
    const cached = this.rendered.get(base);
    if (cached) return cached;
    this.template ??= readFileSync(TEMPLATE_URL, 'utf8');
    const text = this.template.replace(SERVER_MARK, `'${base}'`).replace(AGENTS_MARK, agentFunctions(this.agents));
    const bytes = Buffer.from(text);
    const body = { bytes, digest: digestOf(bytes) };
    if (this.rendered.size >= CACHED) this.rendered.delete(this.rendered.keys().next().value!);
    this.rendered.set(base, body);
    return body;
  }
}

/** The agent table as shell functions: ids, each agent's folder per scope, detection and help lines. */
export function agentFunctions(agents: readonly AgentTarget[]): string {
  for (const agent of agents) if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(agent.id)) throw new Error(`agent id ${agent.id} cannot be used in the install script`);
  const width = Math.max(...agents.map((a) => a.id.length)) + 2;
  const userWidth = Math.max(...agents.map((a) => a.paths.user.length)) + 2;
  return [
    '# The agents and their folders, as the server (and the `skills` installer) know them.',
    `SP_AGENT_IDS='${agents.map((a) => a.id).join(' ')}'`,
    '',
    '# Sets sp_r to the folder of agent $1 in scope $2 (project folders are relative).',
    'sp_agent_dir() {',
    '  case $1:$2 in',
    ...agents.flatMap((a) => [`    ${a.id}:user) sp_r=${shellPath(a.paths.user, a)} ;;`, `    ${a.id}:project) sp_r=${shellPath(a.paths.project, a)} ;;`]),
    '    *) return 1 ;;',
    '  esac',
    '}',
    '',
    '# True when agent $1 is installed here (its configuration folder exists).',
    'sp_agent_detected() {',
    '  case $1 in',
    ...agents.map((a) => `    ${a.id}) ${a.detect.map((p) => `[ -e ${shellPath(p, a)} ]`).join(' || ')} ;;`),
    '    *) return 1 ;;',
    '  esac',
    '}',
    '',
    'sp_agent_help() {',
    "  cat <<'EOF'",
    ...agents.map((a) => `  ${a.id.padEnd(width)}${a.paths.user.padEnd(userWidth)}${a.paths.project}   (${a.label})`),
    'EOF',
    '}',
  ].join('\n');
}

/**
 * A table path as a double-quoted shell word: `~` is `$HOME`, `$XDG_CONFIG_HOME` falls back to
 * `~/.config` as the XDG rules (and the `skills` installer) say, and a folder an environment
 * variable moves follows it when set.
 */
export function shellPath(p: string, agent: AgentTarget): string {
  let head: string;
  let rest: string;
  if (agent.home && (p === agent.home.path || p.startsWith(`${agent.home.path}/`))) {
    const home = expandHome(agent.home.path);
    head = `\${${agent.home.env}:-${home.head}${home.rest}}`;
    rest = p.slice(agent.home.path.length);
  } else {
    ({ head, rest } = expandHome(p));
  }
  if (!/^[A-Za-z0-9._/-]*$/.test(rest)) throw new Error(`agent path ${p} cannot be used in the install script`);
  return `"${head}${rest}"`;
}

function expandHome(p: string): { head: string; rest: string } {
  if (p === '~' || p.startsWith('~/')) return { head: '$HOME', rest: p.slice(1) };
  if (p === '$XDG_CONFIG_HOME' || p.startsWith('$XDG_CONFIG_HOME/')) return { head: '${XDG_CONFIG_HOME:-$HOME/.config}', rest: p.slice('$XDG_CONFIG_HOME'.length) };
  if (!p.startsWith('$')) return { head: '', rest: p };
  throw new Error(`agent path ${p} starts with a variable the install script does not know`);
}
