import type { Principal } from '../auth/principal.js';
import type { SkillEntry } from '../catalog/types.js';

/**
 * Who publishes a skill, in ClawHub's terms. ClawHub names skills `@owner/slug`; Skillport's owners
 * are users and teams: a skill shared with a team is that team's (its handle is the team name), any
 * other stored skill is its owner's (the handle is the user id). Skills from the server's own
 * directories, templates and hubs not shared with a team have no handle: the operator put them there.
 */
export interface SkillOwner {
  /** Tells owners apart: versions of one name under different keys are different skills. */
  key: string;
  handle: string | null;
  displayName: string;
  kind: 'user' | 'org';
}

const DIRECTORY_OWNER: SkillOwner = Object.freeze({ key: 'source:filesystem', handle: null, displayName: 'Skillport (server skills directory)', kind: 'org' });
const TEMPLATE_OWNER: SkillOwner = Object.freeze({ key: 'source:templates', handle: null, displayName: 'Skillport (packaged templates)', kind: 'org' });

export function ownerOf(entry: SkillEntry): SkillOwner {
  const { access } = entry;
  const team = access.visibility === 'team' ? access.shared_with_teams[0] : undefined;
  if (team !== undefined) return { key: `team:${team.toLowerCase()}`, handle: team, displayName: team, kind: 'org' };
  if (entry.source === 'filesystem') return DIRECTORY_OWNER;
  if (entry.isSystem) return TEMPLATE_OWNER;
  if (entry.source === 'hub') {
    const hub = entry.sourceId.slice(0, entry.sourceId.indexOf(':'));
    return { key: `source:hub:${hub}`, handle: null, displayName: 'Skillport (hub)', kind: 'org' };
  }
  const user = access.owner_id;
  if (user === null) return DIRECTORY_OWNER;
  return { key: `user:${user.toLowerCase()}`, handle: user, displayName: user, kind: 'user' };
}

/**
 * Whether `handle` (already normalised) names an owner of this entry: any team it is shared
 * with, or the user who stores it. Handles compare without case, as the CLI lowercases them.
 */
export function ownedBy(entry: SkillEntry, handle: string): boolean {
  const { access } = entry;
  if (access.visibility === 'team' && access.shared_with_teams.some((team) => team.toLowerCase() === handle)) return true;
  return entry.source === 'config' && !entry.isSystem && access.owner_id !== null && access.owner_id.toLowerCase() === handle;
}

/** `@Team`, ` team ` and `team` name the same owner, as the CLI normalises them. Undefined when blank. */
export function normaliseHandle(raw: string | undefined): string | undefined {
  const handle = raw?.trim().replace(/^@+/, '').toLowerCase();
  return handle ? handle : undefined;
}

/** A caller's own handle: its user id; none for anonymous and console callers. */
export function handleOf(principal: Principal): string | null {
  return principal.kind === 'anonymous' || principal.kind === 'system' ? null : principal.id;
}
