import type { CompiledRule, Hit, SkillView } from '../engine/types.js';
import { declaredTools, isShellTool, isWildcardTool, toolBase } from './tools.js';
import type { CheckDefinition } from './types.js';

/** Words in a name or author that claim a status nobody granted. */
const STATUS_CLAIMS = new Set(['official', 'certified', 'authentic', 'genuine', 'sanctioned']);
/** Claims judged in an author field, where "verified" says nothing about the content. */
const AUTHOR_CLAIMS = new Set(['official', 'verified', 'certified', 'trusted', 'authentic', 'genuine', 'sanctioned', 'approved']);
/** Names that belong to the platform, not to a published skill. */
const RESERVED_NAMES = new Set(['system', 'admin', 'root', 'default', 'core', 'skillport', 'anthropic', 'claude', 'openai', 'security', 'update', 'internal', 'sudo', 'superuser']);
const VENDORS = new Set(['anthropic', 'claude', 'openai', 'chatgpt', 'gpt', 'gemini', 'google', 'microsoft', 'copilot', 'cursor', 'github', 'skillport', 'codex', 'mistral', 'meta', 'llama', 'windsurf', 'aws', 'amazon', 'apple']);
/** With a vendor in the name, these make it read like a platform component. */
const PLATFORM_WORDS = new Set(['security', 'update', 'patch', 'system', 'admin', 'internal', 'support', 'core', 'auth', 'login', 'verify', 'verification']);
const SUSPICIOUS_KEYS = new Set([
  'system_prompt', 'system', 'prompt', 'instructions', 'instruction', 'override', 'hooks', 'hook', 'permissions', 'auto_approve', 'autoapprove',
  'allowed_commands', 'pre_run', 'post_run', 'on_load', 'onload', 'setup_command', 'install_command', 'startup', 'preload', 'bypass', 'trust',
  // Fields the registry sets itself; a skill that writes them is trying to pass as a system or vetted row.
  'is_system', 'source', 'source_id', 'visibility', 'owner_id', 'shared_with_teams', 'scan_status', 'scan_summary', 'quarantine', 'quarantined',
]);
/** Metadata keys that claim vetting, signatures or precedence the registry never grants through metadata. */
const SUSPICIOUS_METADATA_KEYS = new Set([
  'verified', 'verified_by', 'signature', 'signed_by', 'signed', 'scan_status', 'scanned', 'trust_level', 'trusted', 'is_system', 'official',
  'supersedes', 'replaces', 'overrides', 'shadows', 'approved_by', 'certified', 'auto_approve', 'permissions', 'system_prompt',
]);
/** First segments of namespaced names (`system.core.review`) that belong to the platform. */
const RESERVED_NAMESPACES = new Set(['system', 'core', 'platform', 'builtin', 'internal', 'admin', 'root', 'official', 'skillport', 'anthropic', 'openai', 'claude']);
const PLATFORM_AUTHORS = new Set(['platform', 'system', 'admin', 'administrator', 'root', 'skillport', 'builtin', 'internal']);
const GENERIC_DESCRIPTIONS = new Set(['todo', 'tbd', 'none', 'n/a', 'na', 'description', 'skill', 'tool', 'helper', 'utility', 'misc', 'test', 'dangerous', 'does stuff', 'stuff']);
const MIN_DANGEROUS_DESCRIPTION = 40;

function words(value: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const ch of value.toLowerCase()) {
    if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) current += ch;
    else {
      if (current) out.push(current);
      current = '';
    }
  }
  if (current) out.push(current);
  return out;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

/** A hit on the frontmatter line of `key` in the skill file (line 0 when it cannot be found). */
function manifestHit(skill: SkillView, rule: CompiledRule, key: string | null, message: string): Hit {
  const file = skill.skillFile ?? 'SKILL.md';
  const text = skill.files.find((f) => f.path === file && f.kind === 'text');
  if (key && text && text.kind === 'text') {
    const at = findKeyLine(text.text, key);
    if (at !== -1) return { rule, file, start: at, end: at + key.length, message };
  }
  return { rule, file, line: 0, message };
}

/** Offset of `key:` at the start of a line within the frontmatter, or -1. */
function findKeyLine(text: string, key: string): number {
  const limit = Math.min(text.length, 64 * 1024);
  let start = 0;
  while (start < limit) {
    if (text.startsWith(`${key}:`, start)) return start;
    const next = text.indexOf('\n', start);
    if (next === -1) return -1;
    start = next + 1;
  }
  return -1;
}

function authorOf(skill: SkillView): string {
  const m = skill.manifest!;
  const fromMetadata = typeof m.metadata.author === 'string' ? m.metadata.author : '';
  return `${m.author ?? ''} ${fromMetadata}`.trim();
}

function onlyWithManifest(check: (skill: SkillView, rule: CompiledRule) => Hit[]): CheckDefinition {
  return { skill: (skill, rule) => (skill.manifest ? check(skill, rule) : []) };
}

export const IMPERSONATING_NAME = onlyWithManifest((skill, rule) => {
  const name = skill.manifest!.name;
  const parts = words(name);
  const hits: Hit[] = [];
  if (!isAscii(name)) hits.push(manifestHit(skill, rule, 'name', `Name "${name}" contains non-ASCII characters that can imitate another skill's name`));
  else if (RESERVED_NAMES.has(name.toLowerCase())) hits.push(manifestHit(skill, rule, 'name', `Name "${name}" is reserved for the platform`));
  else if (parts.some((p) => STATUS_CLAIMS.has(p))) hits.push(manifestHit(skill, rule, 'name', `Name "${name}" claims an official or verified status`));
  else if ((name.includes('.') || name.includes(':') || name.includes('/')) && RESERVED_NAMESPACES.has(parts[0] ?? '')) {
    hits.push(manifestHit(skill, rule, 'name', `Name "${name}" imitates a platform namespace`));
  }
  else if (parts.some((p) => VENDORS.has(p)) && parts.some((p) => PLATFORM_WORDS.has(p))) {
    hits.push(manifestHit(skill, rule, 'name', `Name "${name}" reads like a vendor's platform component`));
  }
  const author = authorOf(skill);
  const authorWords = words(author);
  if (authorWords.some((p) => AUTHOR_CLAIMS.has(p)) || (authorWords.includes('security') && authorWords.includes('team')) || (authorWords.length === 1 && PLATFORM_AUTHORS.has(authorWords[0]!))) {
    hits.push(manifestHit(skill, rule, 'author', `Author "${author}" claims an official status`));
  }
  return hits;
});

export const VENDOR_BRAND_NAME = onlyWithManifest((skill, rule) => {
  const name = skill.manifest!.name;
  const vendor = words(name).find((p) => VENDORS.has(p));
  return vendor ? [manifestHit(skill, rule, 'name', `Name "${name}" uses the brand "${vendor}"`)] : [];
});

export const WILDCARD_TOOLS = onlyWithManifest((skill, rule) => {
  const wild = declaredTools(skill.manifest!).filter(isWildcardTool);
  if (wild.length === 0) return [];
  const key = skill.manifest!.allowed_tools.some(isWildcardTool) ? (skill.manifest!.frontmatter['allowed-tools'] !== undefined ? 'allowed-tools' : 'allowed_tools') : 'requires_tools';
  return [manifestHit(skill, rule, key, `Declared tools include a wildcard: ${wild.join(', ')}`)];
});

export const UNRESTRICTED_SHELL = onlyWithManifest((skill, rule) => {
  const bare = skill.manifest!.allowed_tools.filter((t) => isShellTool(t) && !t.includes('('));
  return bare.length ? [manifestHit(skill, rule, skill.manifest!.frontmatter['allowed-tools'] !== undefined ? 'allowed-tools' : 'allowed_tools', `Shell tool without a command pattern: ${bare.map(toolBase).join(', ')}`)] : [];
});

export const DANGEROUS_UNDESCRIBED = onlyWithManifest((skill, rule) => {
  const m = skill.manifest!;
  if (!m.dangerous) return [];
  const description = m.description.trim();
  const generic = GENERIC_DESCRIPTIONS.has(description.toLowerCase()) || description.toLowerCase() === m.name.toLowerCase();
  if (!generic && description.length >= MIN_DANGEROUS_DESCRIPTION && words(description).length >= 6) return [];
  const what = description ? `"${description.slice(0, 60)}" does not say what it changes` : 'it has no description';
  return [manifestHit(skill, rule, description ? 'description' : 'dangerous', `Skill is marked dangerous but ${what}`)];
});

export const SUSPICIOUS_FIELD = onlyWithManifest((skill, rule) => {
  const hits: Hit[] = [];
  for (const key of Object.keys(skill.manifest!.frontmatter)) {
    const normal = key.toLowerCase().split('-').join('_');
    if (SUSPICIOUS_KEYS.has(normal)) hits.push(manifestHit(skill, rule, key, `Frontmatter field "${key}" is not part of the skill format; it may carry prompts, hooks or permissions, or imitate registry state`));
  }
  for (const key of Object.keys(skill.manifest!.metadata)) {
    const normal = key.toLowerCase().split('-').join('_');
    if (SUSPICIOUS_METADATA_KEYS.has(normal)) hits.push(manifestHit(skill, rule, 'metadata', `Metadata field "${key}" claims vetting, a signature or precedence that metadata cannot grant`));
  }
  return hits;
});

/** 100.0.0, 99.x, 9.9.9, 999.0.0: versions chosen to sort above any real release. */
export const INFLATED_VERSION = onlyWithManifest((skill, rule) => {
  const version = skill.manifest!.version;
  const parts = version.split('+').join('.').split('-').join('.').split('.', 3).map((p) => Number(p));
  const [major = 0, minor = 0, patch = 0] = parts;
  const inflated = major >= 50 || (major >= 9 && minor >= 9 && patch >= 9);
  return inflated ? [manifestHit(skill, rule, 'version', `Version ${version} is implausibly high for a skill`)] : [];
});

export const MANIFEST_UNREADABLE: CheckDefinition = {
  skill: (skill, rule) =>
    skill.manifest === null && skill.skillFile !== null ? [{ rule, file: skill.skillFile, line: 0, message: `Manifest could not be read: ${skill.manifestProblem ?? 'no frontmatter'}` }] : [],
};
