/**
 * The agents Skillport installs for, with the same folders the `skills` installer (npm package
 * `skills`) uses, so both tools agree on where a skill lives. `user` paths start at the home
 * folder (`~`) or the XDG config folder (`$XDG_CONFIG_HOME`, default `~/.config`); `project`
 * paths are relative to the project root. The agent counts as installed when any `detect` path
 * exists. Both the bootstrap page and install.sh are made from this table.
 */
export interface AgentTarget {
  /** The `skills` installer's agent id. */
  id: string;
  label: string;
  paths: { user: string; project: string };
  detect: readonly string[];
  /** A folder the agent lets an environment variable move (as the `skills` installer honours it): paths under `path` follow the variable when it is set. */
  home?: { env: string; path: string };
}

export const AGENTS: readonly AgentTarget[] = [
  { id: 'claude-code', label: 'Claude Code', paths: { user: '~/.claude/skills', project: '.claude/skills' }, detect: ['~/.claude'], home: { env: 'CLAUDE_CONFIG_DIR', path: '~/.claude' } },
  { id: 'cursor', label: 'Cursor', paths: { user: '~/.cursor/skills', project: '.agents/skills' }, detect: ['~/.cursor'] },
  { id: 'codex', label: 'Codex', paths: { user: '~/.agents/skills', project: '.agents/skills' }, detect: ['~/.codex', '/etc/codex'], home: { env: 'CODEX_HOME', path: '~/.codex' } },
  { id: 'gemini-cli', label: 'Gemini CLI', paths: { user: '~/.gemini/skills', project: '.agents/skills' }, detect: ['~/.gemini'] },
  { id: 'github-copilot', label: 'GitHub Copilot', paths: { user: '~/.copilot/skills', project: '.agents/skills' }, detect: ['~/.copilot'] },
  { id: 'opencode', label: 'OpenCode', paths: { user: '$XDG_CONFIG_HOME/opencode/skills', project: '.agents/skills' }, detect: ['$XDG_CONFIG_HOME/opencode'] },
  { id: 'windsurf', label: 'Windsurf', paths: { user: '~/.codeium/windsurf/skills', project: '.windsurf/skills' }, detect: ['~/.codeium/windsurf'] },
  { id: 'goose', label: 'Goose', paths: { user: '$XDG_CONFIG_HOME/goose/skills', project: '.goose/skills' }, detect: ['$XDG_CONFIG_HOME/goose'] },
  { id: 'amp', label: 'Amp', paths: { user: '$XDG_CONFIG_HOME/agents/skills', project: '.agents/skills' }, detect: ['$XDG_CONFIG_HOME/amp'] },
];

export const SCOPES = ['user', 'project'] as const;
export type InstallScope = (typeof SCOPES)[number];
