import type { CatalogSnapshot, SkillEntry } from '../../catalog/index.js';
import type { Visible } from '../../catalog/snapshot.js';
import { cachedBody, memoBody, type CachedBody } from '../plugins/caching.js';

/** The list/versions form of a skill (seed 001 field names). */
export function skillSummary(entry: SkillEntry) {
  const m = entry.manifest;
  return {
    name: entry.name,
    version: entry.version,
    category: m.category,
    description: m.description,
    requires_tools: m.requires_tools,
    requires_role: m.requires_role,
    dangerous: m.dangerous,
    enabled: m.enabled,
    budget_max: m.budget_max,
    author: m.author,
    source: entry.source,
  };
}

/** The full form of one skill version: `{skill, metadata}` as seed 001 documents it. */
export function skillDetail(entry: SkillEntry) {
  const m = entry.manifest;
  return {
    skill: {
      name: entry.name,
      version: entry.version,
      category: m.category,
      description: m.description,
      content: entry.body,
      requires_role: m.requires_role,
      requires_tools: m.requires_tools,
      dangerous: m.dangerous,
      enabled: m.enabled,
      budget_max: m.budget_max,
      author: m.author,
      license: m.license,
      compatibility: m.compatibility,
      allowed_tools: m.allowed_tools,
      metadata: m.metadata,
      frontmatter: m.frontmatter,
      layout: entry.layout,
      files: entry.files,
    },
    metadata: {
      source: entry.source,
      source_id: entry.sourceId,
      source_path: entry.sourcePath,
      content_hash: entry.contentHash,
      loaded_at: entry.loadedAt,
      warnings: entry.warnings,
    },
  };
}

// Entries and snapshots are immutable, so their serialised forms can be cached on them.
const detailCache = new WeakMap<SkillEntry, CachedBody>();
const listCache = new WeakMap<CatalogSnapshot, Map<string, CachedBody>>();
const versionsCache = new WeakMap<readonly SkillEntry[], CachedBody>();

export function detailBody(entry: SkillEntry): CachedBody {
  return memoBody(detailCache, entry, () => skillDetail(entry));
}

export function listBody(snapshot: CatalogSnapshot, category: string | undefined, visible?: Visible): CachedBody {
  if (visible && snapshot.hasRestricted) {
    // What this caller sees is its own: nothing to share with other callers' cache.
    const skills = snapshot.list({ category, visible }).map(skillSummary);
    return cachedBody({ skills, count: skills.length, categories: snapshot.categories });
  }
  let perCategory = listCache.get(snapshot);
  if (!perCategory) listCache.set(snapshot, (perCategory = new Map()));
  const key = category ?? '\u0000all';
  let body = perCategory.get(key);
  if (!body) {
    const skills = snapshot.list({ category }).map(skillSummary);
    body = cachedBody({ skills, count: skills.length, categories: snapshot.categories });
    // Unbounded distinct category strings from callers must not grow the cache: only real ones stay.
    if (category === undefined || snapshot.categories.includes(category)) perCategory.set(key, body);
  }
  return body;
}

export function versionsBody(name: string, versions: readonly SkillEntry[]): CachedBody {
  return memoBody(versionsCache, versions, () => ({ name, versions: versions.map(skillSummary), count: versions.length }));
}
