import type { SkillManifest } from '../../format/index.js';
import type { SkillView } from '../engine/types.js';
import type { CheckDefinition } from './types.js';

/** Tool names (lower case, before any `(...)` pattern) that give a shell. */
const SHELL_TOOLS = new Set([
  'bash', 'shell', 'sh', 'zsh', 'terminal', 'run_terminal_cmd', 'run_in_terminal', 'execute_command', 'run_command', 'exec', 'command',
  'powershell', 'cmd', 'computer', 'code_execution', 'code_interpreter', 'python', 'subprocess', 'local_shell', 'shell_command', 'run_shell_command',
]);
/** Fragments of tool names that give network access. */
const WEB_TOOL_PARTS = ['fetch', 'web', 'browser', 'http', 'curl', 'url', 'download', 'request', 'internet', 'search'];
const WILDCARDS = new Set(['*', 'all', 'any', '*(*)']);

export function declaredTools(manifest: SkillManifest): string[] {
  return [...manifest.allowed_tools, ...manifest.requires_tools].map((t) => t.trim()).filter(Boolean);
}

/** `Bash(git status:*)` → `bash`; `mcp__server__fetch` stays whole. */
export function toolBase(tool: string): string {
  const paren = tool.indexOf('(');
  return (paren === -1 ? tool : tool.slice(0, paren)).trim().toLowerCase();
}

export function isShellTool(tool: string): boolean {
  return SHELL_TOOLS.has(toolBase(tool));
}

export function isWildcardTool(tool: string): boolean {
  const lower = tool.trim().toLowerCase();
  if (WILDCARDS.has(lower)) return true;
  const paren = lower.indexOf('(');
  if (paren === -1) return false;
  const inner = lower.slice(paren + 1, lower.lastIndexOf(')') === -1 ? undefined : lower.lastIndexOf(')')).trim();
  return inner === '*' || inner === '*:*' || inner === '**';
}

function isWebTool(tool: string): boolean {
  const base = toolBase(tool);
  return WEB_TOOL_PARTS.some((part) => base.includes(part));
}

/** The skill bounds its tools (declares some, without a wildcard). */
function declaresBoundedTools(skill: SkillView): string[] | null {
  if (!skill.manifest) return null;
  const tools = declaredTools(skill.manifest);
  if (tools.length === 0 || tools.some(isWildcardTool)) return null;
  return tools;
}

function toolList(skill: SkillView): string {
  return declaresBoundedTools(skill)!.join(', ');
}

export const SHELL_NOT_DECLARED: CheckDefinition = {
  irrelevant: (skill) => {
    const tools = declaresBoundedTools(skill);
    return tools === null || tools.some(isShellTool);
  },
  confirm: (match) => ({ message: `The skill declares only ${toolList(match.skill)}, but this runs shell commands: "${excerpt(match.matched)}"` }),
};

export const NETWORK_NOT_DECLARED: CheckDefinition = {
  irrelevant: (skill) => {
    const tools = declaresBoundedTools(skill);
    return tools === null || tools.some((t) => isShellTool(t) || isWebTool(t));
  },
  confirm: (match) => ({ message: `The skill declares only ${toolList(match.skill)}, but this reaches the network: "${excerpt(match.matched)}"` }),
};

/** Names that mean the same tool across agents (Claude Code, Shannon, generic). */
const TOOL_ALIASES: Record<string, string[]> = {
  bash: ['bash', 'shell', 'sh', 'terminal', 'run_terminal_cmd', 'execute_command', 'run_command', 'powershell'],
  webfetch: ['webfetch', 'web_fetch', 'fetch', 'browser', 'http', 'http_request', 'url_fetch'],
  websearch: ['websearch', 'web_search', 'search'],
  write: ['write', 'file_write', 'edit', 'multiedit', 'file_edit', 'create_file'],
  edit: ['edit', 'multiedit', 'file_edit', 'write', 'file_write'],
  multiedit: ['multiedit', 'edit', 'file_edit'],
  notebookedit: ['notebookedit'],
  task: ['task', 'agent', 'subagent'],
  agent: ['agent', 'task', 'subagent'],
  killshell: ['killshell', 'bash'],
  web_fetch: ['web_fetch', 'webfetch', 'fetch', 'browser'],
  web_search: ['web_search', 'websearch', 'search'],
  file_write: ['file_write', 'write', 'edit'],
  file_edit: ['file_edit', 'edit', 'write'],
  python_exec: ['python_exec', 'python', 'code_execution', 'bash'],
  code_execution: ['code_execution', 'python', 'bash'],
};

/** The named tool is one the skill's bounded tool list does not include (under any of its names). */
export const TOOL_NOT_DECLARED: CheckDefinition = {
  irrelevant: (skill) => declaresBoundedTools(skill) === null,
  confirm: (match) => {
    const named = match.matched.split(' ')[0]!.toLowerCase();
    const declared = new Set(declaredTools(match.skill.manifest!).map(toolBase));
    const aliases = TOOL_ALIASES[named] ?? [named];
    if (aliases.some((a) => declared.has(a))) return false;
    // The word alone ("Write a summary", "Task: ...") is not a tool reference; require a use of it.
    const context = match.context.toLowerCase();
    const used = [' tool', 'use ', 'using ', 'with ', 'through ', 'via ', 'call ', 'run '].some((cue) => context.includes(cue + named) || context.includes(named + cue));
    return used ? { message: `Uses the ${match.matched.split(' ')[0]} tool, which the skill does not declare (it declares ${toolList(match.skill)})` } : false;
  },
};

export const NOT_MARKED_DANGEROUS: CheckDefinition = {
  irrelevant: (skill) => skill.manifest === null || skill.manifest.dangerous,
  confirm: (match) => ({ message: `Destructive or privileged operation in a skill not marked dangerous: "${excerpt(match.matched)}"` }),
};

function excerpt(text: string): string {
  const oneLine = text.split('\n').join(' ').trim();
  return oneLine.length > 80 ? `${oneLine.slice(0, 80)}…` : oneLine;
}
