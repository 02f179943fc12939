import type { SkillEntry } from '../catalog/types.js';
import type { Moderation } from './moderation.js';
import type { SkillOwner } from './owners.js';
import { publishRecordOf } from './published.js';

/** Shapes of the ClawHub API's answers (as the CLI's schemas read them), made from catalog entries. */

const ms = (iso: string): number => {
  const at = Date.parse(iso);
  return Number.isFinite(at) ? at : 0;
};

/** `my-skill` → `My Skill`, as the CLI names a folder it publishes without `--name`. */
export function titleCase(name: string): string {
  return name.trim().replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());
}

export function displayNameOf(entry: SkillEntry): string {
  return publishRecordOf(entry).display_name ?? titleCase(entry.name);
}

/** The CLI accepts only `MIT-0` here (ClawHub's one licence); any other licence is in the SKILL.md. */
function licenseOf(entry: SkillEntry): 'MIT-0' | null {
  return entry.manifest.license === 'MIT-0' ? 'MIT-0' : null;
}

export function versionInfo(entry: SkillEntry) {
  return { version: entry.version, createdAt: ms(entry.updatedAt), changelog: publishRecordOf(entry).changelog ?? '', license: licenseOf(entry) };
}

/** The skill as list, search and detail answers describe it: `current` is the version a bare slug installs. */
export function skillInfo(current: SkillEntry, versions: readonly SkillEntry[]) {
  const times = versions.map((entry) => ms(entry.updatedAt));
  const category = current.manifest.category;
  return {
    slug: current.name,
    displayName: displayNameOf(current),
    summary: current.manifest.description || null,
    description: current.manifest.description || null,
    topics: category && category !== 'uncategorized' ? [category] : [],
    tags: { latest: current.version },
    stats: { versions: versions.length },
    createdAt: times.length > 0 ? Math.min(...times) : ms(current.updatedAt),
    updatedAt: times.length > 0 ? Math.max(...times) : ms(current.updatedAt),
  };
}

export function listItem(current: SkillEntry, versions: readonly SkillEntry[]) {
  return { ...skillInfo(current, versions), latestVersion: versionInfo(current), metadata: null };
}

export function ownerInfo(owner: SkillOwner) {
  return { handle: owner.handle, displayName: owner.displayName, image: null };
}

export function detailBody(current: SkillEntry, versions: readonly SkillEntry[], owner: SkillOwner, moderation: Moderation) {
  return {
    skill: skillInfo(current, versions),
    latestVersion: versionInfo(current),
    metadata: null,
    owner: ownerInfo(owner),
    moderation,
  };
}

export function searchResult(entry: SkillEntry, owner: SkillOwner, score: number, pageUrl: string) {
  return {
    slug: entry.name,
    displayName: displayNameOf(entry),
    summary: entry.manifest.description || null,
    version: entry.version,
    score,
    updatedAt: ms(entry.updatedAt),
    ownerHandle: owner.handle,
    owner: { handle: owner.handle, displayName: owner.displayName, image: null, kind: owner.kind },
    canonicalUrl: pageUrl,
  };
}
