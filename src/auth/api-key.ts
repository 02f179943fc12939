import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

/** `sk_` followed by 64 lowercase hex characters (32 random bytes). */
export const API_KEY_FORMAT = /^sk_[0-9a-f]{64}$/;

export function generateApiKey(): string {
  return `sk_${randomBytes(32).toString('hex')}`;
}

export function hashApiKey(key: string): string {
  // The one-shot form: this runs on every authenticated request, and it skips a Hash object.
  return hash('sha256', key, 'hex');
}

/** The 8 characters stored in clear to find a key's row. */
export function apiKeyPrefix(key: string): string {
  return key.slice(3, 11);
}

const DUMMY = Buffer.alloc(32);

/** Compares two hex SHA-256 digests in constant time. */
export function hashesEqual(a: string, b: string | undefined): boolean {
  const left = Buffer.from(a, 'hex');
  const right = b === undefined ? DUMMY : Buffer.from(b, 'hex');
  if (left.length !== 32 || right.length !== 32) return timingSafeEqual(DUMMY, DUMMY) && false;
  return timingSafeEqual(left, right) && b !== undefined;
}

/** `30d`, `12h`, `45m`, `3600s` or a bare number of seconds → milliseconds; null when unreadable. */
export function parseDuration(text: string): number | null {
  const match = /^(\d{1,9})([smhdw]?)$/.exec(text.trim());
  if (!match) return null;
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400, w: 604800 }[match[2] as '' | 's' | 'm' | 'h' | 'd' | 'w'];
  return Number(match[1]) * unit * 1000;
}
