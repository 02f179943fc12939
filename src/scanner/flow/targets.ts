/**
 * Files a skill's script has no business writing: shell startup files, cron tables, launch agents
 * and systemd user units (code there runs again at every login or on a schedule), SSH's
 * authorized_keys, and other skills' folders or the agent's own configuration (text there becomes
 * the agent's instructions).
 */
import { displayPath, normalisePath } from './sources.js';
import { UNKNOWN } from './value.js';

export interface WriteTarget {
  kind: 'startup' | 'skill';
  label: string;
  /** Always a takeover, whatever is written: authorized_keys, a sibling skill reached through `..`, every skill by a pattern. */
  severe: boolean;
}

const STARTUP_FILES = ['.bashrc', '.bash_profile', '.bash_login', '.profile', '.zshrc', '.zprofile', '.zshenv', '.zlogin', '.kshrc', '.cshrc', '.tcshrc', '.xinitrc', '.xprofile', 'microsoft.powershell_profile.ps1', 'profile.ps1'];
const STARTUP_DIRS = ['~/library/launchagents/', '/library/launchagents/', '/library/launchdaemons/', '~/.config/systemd/user/', '/etc/systemd/system/', '/etc/systemd/user/', '~/.config/autostart/', '/etc/xdg/autostart/', '/etc/cron.d/', '/etc/cron.daily/', '/etc/cron.hourly/', '/etc/cron.weekly/', '/etc/cron.monthly/', '/var/spool/cron/', '/etc/profile.d/', '~/.config/fish/conf.d/', '/etc/init.d/'];
const STARTUP_EXACT = ['/etc/crontab', '/etc/profile', '/etc/bash.bashrc', '/etc/zshrc', '/etc/zsh/zshrc', '/etc/rc.local', '~/.config/fish/config.fish', '/etc/environment'];
/** Folders of agents that hold skills, instructions or settings. */
const AGENT_DIRS = ['.claude/', '.codex/', '.agents/', '.cursor/', '.gemini/', '.windsurf/', '.continue/', '.config/opencode/', '.opencode/', '.openclaw/', '.clawhub/', '.roo/', '.cline/', '.aider', '.github/copilot'];
const AGENT_FILES = ['claude.md', 'agents.md', 'gemini.md', '.cursorrules', '.windsurfrules', 'copilot-instructions.md', '.mcp.json'];

export function writeTarget(raw: string): WriteTarget | null {
  const p = normalisePath(raw);
  const shown = displayPath(raw);
  const base = p.slice(p.lastIndexOf('/') + 1);
  if (p.endsWith('.ssh/authorized_keys') || p.endsWith('.ssh/authorized_keys2')) return { kind: 'startup', label: '~/.ssh/authorized_keys', severe: true };
  if (STARTUP_FILES.includes(base) && (p.startsWith('~/') || p === base || p.startsWith(UNKNOWN) || p.includes('/documents/windowspowershell/') || p.includes('/powershell/'))) return { kind: 'startup', label: p.startsWith('~/') ? shown : `~/${base}`, severe: false };
  if (STARTUP_EXACT.includes(p) || STARTUP_DIRS.some((d) => p.startsWith(d) || (d.startsWith('~/') && p.includes(d.slice(1))))) return { kind: 'startup', label: shown, severe: false };
  if (p === 'crontab') return { kind: 'startup', label: 'the crontab', severe: false };
  const skillFile = base === 'skill.md' || base.endsWith('.md');
  const inAgentDir = AGENT_DIRS.some((d) => p.includes(`/${d}`) || p.startsWith(d) || p.startsWith(`~/${d}`));
  const patterned = p.includes('*') || p.includes(UNKNOWN);
  const sibling = p.startsWith('../') || p.includes('/../');
  if (inAgentDir && (p.includes('/skills/') || AGENT_FILES.includes(base) || base === 'settings.json' || base === 'settings.local.json' || base === 'config.toml' || skillFile)) {
    return { kind: 'skill', label: shown, severe: patterned && base === 'skill.md' };
  }
  if (base === 'skill.md' && sibling) return { kind: 'skill', label: shown, severe: true };
  if (base === 'skill.md' && p.includes('skills/') && patterned && p.indexOf('*') < p.lastIndexOf('/')) return { kind: 'skill', label: shown, severe: true };
  return null;
}

/** Signs that text written to a startup file fetches or runs code from elsewhere. */
const LOADER_MARKERS = ['curl ', 'curl\t', 'wget ', 'nc ', 'ncat ', 'netcat ', 'socat ', '/dev/tcp/', '/dev/udp/', 'bash -c', 'sh -c', '| sh', '|sh', '| bash', '|bash', 'base64 -d', 'base64 --decode', 'python -c', 'python3 -c', 'node -e', 'eval ', 'eval(', 'iex ', 'invoke-expression', 'downloadstring', 'http://', 'https://', 'osascript -e', 'perl -e'];

export function looksLikeLoader(text: string): boolean {
  const t = text.toLowerCase();
  return LOADER_MARKERS.some((m) => t.includes(m));
}
