import { badRequest } from '../util/app-error.js';
import { AGENTS, SCOPES, type AgentTarget, type InstallScope } from './agents.js';

export interface BootstrapInput {
  agent?: string;
  scope?: string;
  /** The server's URL as the agent's machine reaches it. */
  baseUrl: string;
}

export interface Bootstrap {
  agent: string;
  label: string;
  scope: InstallScope;
  scopes_available: InstallScope[];
  install_paths: { user: string; project: string };
  commands: { install: string; update: string; install_script: string; update_script: string; list_index: string };
  agents: Array<{ id: string; label: string; install_paths: { user: string; project: string } }>;
}

/**
 * How to install skills from this server into one agent and keep them updated: for a person
 * (markdown) or an IDE hook (JSON). Unknown agents or scopes are refused with the valid ones.
 */
export function bootstrapFor(input: BootstrapInput): Bootstrap {
  const agent = pick(input.agent ?? 'claude-code');
  const scope = (input.scope ?? 'project') as InstallScope;
  if (!SCOPES.includes(scope)) throw badRequest(`Unknown scope ${JSON.stringify(input.scope)}; use one of: ${SCOPES.join(', ')}`, { valid_scopes: [...SCOPES] });
  const base = input.baseUrl.replace(/\/+$/, '');
  const global = scope === 'user' ? ' -g' : '';
  // install.sh reads the key from SKILLPORT_KEY (or a share token from SKILLPORT_SHARE) when it runs.
  const script = `curl -fsSL ${base}/api/skills/install.sh | sh -s -- --agent ${agent.id} --scope ${scope}`;
  return {
    agent: agent.id,
    label: agent.label,
    scope,
    scopes_available: [...SCOPES],
    install_paths: { ...agent.paths },
    commands: {
      install: `npx skills add ${base} -y --agent ${agent.id}${global}`,
      update: `npx skills update${global}`,
      install_script: script,
      update_script: `${script} --update`,
      list_index: `curl -fsSL ${base}/.well-known/agent-skills/index.json`,
    },
    agents: AGENTS.map((a) => ({ id: a.id, label: a.label, install_paths: { ...a.paths } })),
  };
}

export function bootstrapMarkdown(b: Bootstrap): string {
  return [
    `# Install skills into ${b.label}`,
    '',
    `Skills from this server go to \`${b.scope === 'user' ? b.install_paths.user : b.install_paths.project}\` (${b.scope} scope).`,
    '',
    '## Install',
    '',
    '```sh',
    b.commands.install,
    '```',
    '',
    'Without public read the server lists nothing to anonymous callers: use a share link (`http://host/s/<token>`) an admin or team member made for you in place of the server URL.',
    '',
    '## Keep them updated',
    '',
    '```sh',
    b.commands.update,
    '```',
    '',
    '## Or with the install script',
    '',
    'Needs only `sh`, `curl`, `tar` and `sha256sum`: it checks every bundle\'s digest before anything lands, and keeps a manifest so that `--update` and `--uninstall` touch only what it installed. Set `SKILLPORT_KEY` to an API key, or `SKILLPORT_SHARE` to a share link\'s token, first.',
    '',
    '```sh',
    b.commands.install_script,
    b.commands.update_script,
    '```',
    '',
    '## Other agents',
    '',
    '| agent | user | project |',
    '|---|---|---|',
    ...b.agents.map((a) => `| ${a.id} | \`${a.install_paths.user}\` | \`${a.install_paths.project}\` |`),
    '',
  ].join('\n');
}

function pick(id: string): AgentTarget {
  const agent = AGENTS.find((a) => a.id === id);
  if (!agent) throw badRequest(`Unknown agent ${JSON.stringify(id)}; use one of: ${AGENTS.map((a) => a.id).join(', ')}`, { valid_agents: AGENTS.map((a) => a.id) });
  return agent;
}
