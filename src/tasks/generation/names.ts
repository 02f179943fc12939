import { CONFORMANT_NAME_MAX } from '../../format/limits.js';

const STOP_WORDS = new Set([
  'a', 'an', 'the', 'and', 'or', 'but', 'for', 'to', 'of', 'in', 'on', 'at', 'by', 'with', 'from', 'into', 'that', 'this', 'these', 'those',
  'is', 'are', 'be', 'it', 'its', 'as', 'my', 'our', 'your', 'their', 'me', 'us', 'we', 'i', 'you', 'skill', 'agent', 'helps', 'help', 'which', 'when', 'should', 'will', 'can',
]);

/** `Deploy Checklist v2!` → `deploy-checklist-v2`: lowercase letters, digits and single hyphens, at most 64 characters. */
export function toSkillName(text: string): string {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return fitName(words);
}

/** A name from the first few meaningful words of a description. */
export function nameFromDescription(description: string): string {
  const words = description
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word && !STOP_WORDS.has(word));
  return fitName(words.slice(0, 4)) || 'new-skill';
}

/** `deploy-checklist` → `Deploy Checklist`. */
export function titleFromName(name: string): string {
  return name
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

function fitName(words: string[]): string {
  let name = '';
  for (const word of words) {
    const next = name ? `${name}-${word}` : word;
    if (next.length > CONFORMANT_NAME_MAX) break;
    name = next;
  }
  return name || (words[0] ?? '').slice(0, CONFORMANT_NAME_MAX);
}
