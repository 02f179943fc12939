import type { SkillEntry } from '../catalog/index.js';

/** Most characters of one skill's description in the block (the Agent Skills limit). */
const MAX_DESCRIPTION = 1024;

export interface AvailableSkillsBlock {
  text: string;
  /** Skills in the block. */
  included: number;
  /** Skills that matched; more than `included` when the limit or the size bound cut the list. */
  total: number;
}

/**
 * The `<available_skills>` block agent runtimes put into a system prompt: each skill's name,
 * description and where to load it from, so the model picks a skill and reads its SKILL.md only
 * when it needs it. Bounded: at most `limit` skills and `maxChars` characters, whole skills only.
 */
export function availableSkillsBlock(entries: readonly SkillEntry[], options: { limit: number; maxChars: number; location: (entry: SkillEntry) => string }): AvailableSkillsBlock {
  const open = '<available_skills>\n';
  const close = '</available_skills>\n';
  const parts: string[] = [open];
  let size = open.length + close.length;
  let included = 0;
  for (const entry of entries) {
    if (included >= options.limit) break;
    const description = oneLine(entry.manifest.description);
    const part =
      '<skill>\n' +
      `<name>${escapeXml(entry.name)}</name>\n` +
      `<description>${escapeXml(description.length > MAX_DESCRIPTION ? `${description.slice(0, MAX_DESCRIPTION - 1)}…` : description)}</description>\n` +
      `<location>${escapeXml(options.location(entry))}</location>\n` +
      '</skill>\n';
    if (size + part.length > options.maxChars) break;
    parts.push(part);
    size += part.length;
    included++;
  }
  parts.push(close);
  return { text: parts.join(''), included, total: entries.length };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
