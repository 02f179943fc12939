import type { LineIndex } from './lines.js';

const SNIPPET_MAX = 200;
const LEAD = 60;
const MESSAGE_EXCERPT = 80;

/** Keeps the first four characters of a secret. */
export function maskSecret(secret: string): string {
  return `${secret.slice(0, 4)}****`;
}

/** Invisible, control and direction-changing characters, shown as `<U+XXXX>` so a reviewer sees them. */
function isHidden(code: number): boolean {
  return (
    (code < 0x20 && code !== 9) ||
    code === 0x7f ||
    code === 0xad ||
    code === 0x34f ||
    code === 0x61c ||
    code === 0x115f ||
    code === 0x1160 ||
    code === 0x180e ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2060 && code <= 0x206f) ||
    code === 0x3164 ||
    (code >= 0xfe00 && code <= 0xfe0f) ||
    code === 0xfeff ||
    code === 0xffa0 ||
    (code >= 0xe0000 && code <= 0xe007f) ||
    (code >= 0xe0100 && code <= 0xe01ef)
  );
}

export function revealHidden(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    out += isHidden(code) ? `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>` : ch;
  }
  return out;
}

/** `text` with [secretStart, secretEnd) (offsets into `text`) masked. */
function masked(text: string, secretStart: number, secretEnd: number): string {
  if (secretStart >= secretEnd || secretStart < 0) return text;
  return text.slice(0, secretStart) + maskSecret(text.slice(secretStart, secretEnd)) + text.slice(secretEnd);
}

/**
 * The line holding [start, end), trimmed, cut to a readable window around the match, with the
 * secret masked and hidden characters made visible.
 */
export function snippetAt(text: string, lines: LineIndex, start: number, end: number, secret?: [number, number]): string {
  const line = lines.lineOf(start);
  const lineStart = lines.lineStart(line);
  const lineEnd = lines.lineEnd(line);
  let from = lineStart;
  let to = lineEnd;
  if (to - from > SNIPPET_MAX) {
    from = Math.max(lineStart, start - LEAD);
    to = Math.min(lineEnd, from + SNIPPET_MAX);
  }
  // The secret starts inside the window (the window starts before the match); it may run past it.
  let piece = text.slice(from, to);
  if (secret && secret[0] >= from && secret[0] < to) piece = masked(piece, secret[0] - from, Math.min(secret[1], to) - from);
  const prefix = from > lineStart ? '…' : '';
  const suffix = to < lineEnd ? '…' : '';
  return revealHidden(prefix + piece.trim() + suffix);
}

/** The matched text for a message: one line, masked, hidden characters visible, at most 80 characters. */
export function matchExcerpt(text: string, start: number, end: number, secret?: [number, number]): string {
  let piece = text.slice(start, Math.min(end, start + MESSAGE_EXCERPT * 4));
  if (secret) piece = masked(piece, secret[0] - start, Math.min(secret[1], start + piece.length) - start);
  const oneLine = revealHidden(piece.split('\n').join(' ').split('\r').join('').trim());
  return oneLine.length > MESSAGE_EXCERPT ? `${oneLine.slice(0, MESSAGE_EXCERPT)}…` : oneLine;
}
