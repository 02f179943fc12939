import { gunzipSync, inflateSync } from 'node:zlib';
import type { ConfirmCheck } from './types.js';

/** Bytes decoded from one candidate; enough to recognise a command or instruction. */
const DECODE_LIMIT = 256 * 1024;
const MIN_DECODED = 12;

/**
 * Decodes a candidate written as base64 (standard or URL-safe), hex, `\xNN` or `\u00NN` escapes,
 * or a comma-separated list of character codes. Returns null when it does not decode to text.
 */
export function decodeCandidate(candidate: string): string | null {
  const raw = candidate.length > DECODE_LIMIT * 2 ? candidate.slice(0, DECODE_LIMIT * 2) : candidate;
  let bytes: Buffer;
  if (raw.startsWith('\\x') || raw.startsWith('\\u00')) {
    bytes = Buffer.from(hexDigitsOf(raw), 'hex');
  } else if (raw.includes(',')) {
    const codes = raw.split(',').map((part) => Number(part.trim()));
    if (codes.some((code) => !Number.isInteger(code) || code < 0 || code > 0x10ffff)) return null;
    return printable(String.fromCodePoint(...codes.slice(0, DECODE_LIMIT)));
  } else if (isHex(raw) && raw.length % 2 === 0) {
    bytes = Buffer.from(raw, 'hex');
  } else {
    bytes = Buffer.from(raw, raw.includes('-') || raw.includes('_') ? 'base64url' : 'base64');
  }
  return printable(inflated(bytes).subarray(0, DECODE_LIMIT).toString('utf8'));
}

/** zlib- or gzip-compressed data decompressed (bounded in output), other bytes as they are. */
function inflated(bytes: Buffer): Buffer {
  try {
    if (bytes[0] === 0x78 && [0x01, 0x5e, 0x9c, 0xda].includes(bytes[1]!)) return inflateSync(bytes, { maxOutputLength: DECODE_LIMIT });
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) return gunzipSync(bytes, { maxOutputLength: DECODE_LIMIT });
  } catch {
    // Truncated or not really compressed: judge the bytes as they are.
  }
  return bytes;
}

/** `\x41\x42` or `\u0041\u0042` → `4142`. */
function hexDigitsOf(escaped: string): string {
  let out = '';
  for (let i = 0; i < escaped.length; i++) {
    if (escaped.charCodeAt(i) !== 92) continue;
    const width = escaped[i + 1] === 'u' ? 4 : 2;
    out += escaped.slice(i + 2 + width - 2, i + 2 + width);
    i += 1 + width;
  }
  return out;
}

function isHex(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/** The decoded text when nearly all of its first few KB is printable; null for binary. */
function printable(decoded: string): string | null {
  if (decoded.length < MIN_DECODED) return null;
  const sample = decoded.length > 4096 ? decoded.slice(0, 4096) : decoded;
  let good = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c >= 32 && c < 127) || c === 9 || c === 10 || c === 13) good++;
  }
  return good / sample.length >= 0.9 ? decoded : null;
}

/** The candidate decodes to text that another rule of the pack recognises as an attack. */
export const decodesToFinding: ConfirmCheck = (match) => {
  const decoded = decodeCandidate(match.matched);
  if (decoded === null) return false;
  const rules = match.rulesMatching(decoded);
  if (rules.length === 0) return false;
  const preview = decoded.length > 80 ? `${decoded.slice(0, 80)}…` : decoded;
  return { message: `Encoded text decodes to content matching ${rules.join(', ')}: "${preview.split('\n').join(' ')}"` };
};

/** JSFuck writes everything with all six of `[]()!+`; a long run of one bracket is just nesting. */
export const packerSignature: ConfirmCheck = (match) => {
  const text = match.matched;
  if (!text.startsWith('[') && !text.startsWith(']') && !text.startsWith('(') && !text.startsWith(')') && !text.startsWith('!') && !text.startsWith('+')) return true;
  return ['[', ']', '(', ')', '!', '+'].every((ch) => text.includes(ch));
};

/** Encoded data uses most of its alphabet; a run of one repeated letter is not data. */
export const variedCharacters: ConfirmCheck = (match) => {
  const sample = match.matched.length > 2048 ? match.matched.slice(0, 2048) : match.matched;
  return new Set(sample).size >= 8;
};

/** A long base64-alphabet run that looks like encoded data rather than a path or an identifier. */
export const looksEncoded: ConfirmCheck = (match) => {
  const text = match.matched;
  let upper = 0;
  let lower = 0;
  let digit = 0;
  const distinct = new Set<number>();
  const sample = text.length > 2048 ? text.slice(0, 2048) : text;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    distinct.add(c);
    if (c >= 65 && c <= 90) upper++;
    else if (c >= 97 && c <= 122) lower++;
    else if (c >= 48 && c <= 57) digit++;
  }
  return upper > 0 && lower > 0 && digit > 0 && distinct.size >= 24;
};
