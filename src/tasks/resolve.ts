import type { CatalogSnapshot, SkillEntry } from '../catalog/index.js';
import { hasScope, visibleTo } from '../auth/policy.js';
import type { Principal } from '../auth/principal.js';
import { dangerousSkillForbidden, skillDisabled, skillQuarantined, unknownSkill } from './errors.js';
import type { RunGate } from './types.js';

/** A skill a caller may run, and what allowed it when it is dangerous. */
export interface ResolvedSkill {
  entry: SkillEntry;
  /** `role:owner`, `role:admin` or `scope:skills:dangerous` for a dangerous skill; null otherwise. */
  authority: string | null;
}

/**
 * Finds the skill a task asks for and checks that this caller may run it. `name` is the highest
 * enabled version, `name@version` exactly that version. A skill the caller may not see is
 * reported exactly like one that does not exist.
 */
export function resolveTaskSkill(snapshot: CatalogSnapshot, ref: string, principal: Principal, gate: RunGate): ResolvedSkill {
  const entry = snapshot.resolveRef(ref, visibleTo(principal));
  if (!entry) throw unknownSkill(ref);
  // A bare name with no enabled version resolves to its highest version, which is disabled.
  if (!entry.manifest.enabled) throw skillDisabled(ref);
  let authority: string | null = null;
  if (entry.manifest.dangerous) {
    authority = dangerousAuthority(principal);
    if (!authority) throw dangerousSkillForbidden(ref);
  }
  const decision = gate(entry);
  if (decision.blocked) throw skillQuarantined(ref, decision.reason);
  return { entry, authority };
}

/** What lets a caller run a dangerous skill: the admin or owner role, or the `skills:dangerous` scope. */
export function dangerousAuthority(principal: Principal): string | null {
  if (principal.role === 'owner' || principal.role === 'admin') return `role:${principal.role}`;
  if (hasScope(principal, 'skills:dangerous')) return 'scope:skills:dangerous';
  return null;
}
