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

/**
 * A name from the start of a description: its first clause, without leading or trailing filler
 * words, at most six words (`Review Terraform plans for risky changes before apply.` →
 * `review-terraform-plans-for-risky-changes`).
 */
export function nameFromDescription(description: string): string {
  const clause = description.split(/[.!?;:,(\n]/, 1)[0] ?? '';
  const words = clause
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  while (words.length > 0 && STOP_WORDS.has(words[0]!)) words.shift();
  const picked = words.slice(0, 6);
  while (picked.length > 1 && STOP_WORDS.has(picked[picked.length - 1]!)) picked.pop();
  return fitName(picked) || 'new-skill';
}

/** `review-plans-for-risk` → `Review Plans for Risk`. */
export function titleFromName(name: string): string {
  return name
    .split('-')
    .map((word, i) => (i > 0 && SMALL_WORDS.has(word) ? word : word.charAt(0).toUpperCase() + word.slice(1)))
    .join(' ');
}

const SMALL_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'from', 'in', 'into', 'of', 'on', 'or', 'the', 'to', 'with']);

function fitName(words: string[]): string {
  let name = '';
  for (const word of words) {
    const next = name ? `${name}-${word}` : word;
    if (next.length > CONFORMANT_NAME_MAX) break;
    name = next;
  }
  return name || (words[0] ?? '').slice(0, CONFORMANT_NAME_MAX);
}
