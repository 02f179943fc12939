import type { Principal } from '../auth/principal.js';
import type { SkillEntry } from '../catalog/types.js';

/**
 * Who an index or installer answers for: a caller's own visibility (its key, or public read),
 * or a share link's. The set it may install is what `principal` may install, narrowed by `accept`.
 */
export interface Audience {
  /** Names this audience in caches: same key, same set of skills. */
  readonly key: string;
  readonly principal: Principal;
  accept(entry: SkillEntry): boolean;
  /** False when the answer depends on a secret in the request (a key or a share token). */
  readonly public: boolean;
}

export const everything = (): boolean => true;

/** What a share link's holder may install: what the share reads with, narrowed to its named skills. */
export function shareAudience(share: { id: string; kind: 'team' | 'skills' | 'all'; skills: readonly string[] }, principal: Principal): Audience {
  if (share.kind !== 'skills') return { key: `share:${share.id}`, principal, accept: everything, public: false };
  const names = new Set(share.skills);
  return { key: `share:${share.id}`, principal, accept: (entry) => names.has(entry.name), public: false };
}
