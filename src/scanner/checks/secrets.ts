import type { ConfirmCheck } from './types.js';

/** Shannon entropy in bits per character. */
export function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

function characterClasses(value: string): number {
  let lower = 0;
  let upper = 0;
  let digit = 0;
  let other = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 97 && c <= 122) lower = 1;
    else if (c >= 65 && c <= 90) upper = 1;
    else if (c >= 48 && c <= 57) digit = 1;
    else other = 1;
  }
  return lower + upper + digit + other;
}

/** The value assigned to a secret-named variable looks generated, not like a word or a placeholder. */
export const looksRandom: ConfirmCheck = (match) => {
  const value = quotedValue(match.matched);
  if (value.length < 12) return false;
  // Repeated characters (xxxxxxxx, 00000000) are placeholders.
  if (new Set(value).size < 6) return false;
  return characterClasses(value) >= 2 && entropy(value) >= 3.2;
};

/** The text between the first quote and the last character (the closing quote) of an assignment. */
function quotedValue(assignment: string): string {
  const positions = [assignment.indexOf('"'), assignment.indexOf("'")].filter((i) => i !== -1);
  if (positions.length === 0) return assignment;
  return assignment.slice(Math.min(...positions) + 1, -1);
}

function isBase64Body(line: string): boolean {
  if (line.length < 40) return false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47 || c === 61;
    if (!ok) return false;
  }
  return true;
}

/**
 * A private-key header counts only when key material follows: documentation often shows the header
 * line alone, or with `...` in place of the key.
 */
export const privateKeyHasBody: ConfirmCheck = (match) => {
  const { lines } = match;
  const text = match.file.text;
  const headerLine = lines.lineOf(match.start);
  for (let line = headerLine + 1; line <= Math.min(lines.lineCount, headerLine + 4); line++) {
    const content = text.slice(lines.lineStart(line), lines.lineEnd(line)).trim();
    if (content === '' || content.includes(':')) continue; // blank, or a PEM header such as Proc-Type
    return isBase64Body(content);
  }
  return false;
};
