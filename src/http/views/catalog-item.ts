import type { CatalogSnapshot, SkillEntry } from '../../catalog/index.js';
import { entryTags } from '../../catalog/search.js';
import type { QuarantineDecision } from '../../scanning/decision.js';

/** One item of `GET /api/skills`: the entry, how many versions the caller sees, and the policy's decision. */
export function catalogItem(
  snapshot: CatalogSnapshot,
  entry: SkillEntry,
  visible: (entry: SkillEntry) => boolean,
  decision: QuarantineDecision,
  includeContent: boolean,
) {
  const m = entry.manifest;
  return {
    id: `${entry.source}:${entry.sourceId}`,
    name: entry.name,
    version: entry.version,
    description: m.description,
    category: m.category,
    source: entry.source,
    source_id: entry.sourceId,
    owner_id: entry.access.owner_id,
    visibility: entry.access.visibility,
    metadata: m.metadata,
    tags: entryTags(entry).tags,
    versions_count: snapshot.versions(entry.name, visible)?.length ?? 1,
    ...(includeContent ? { content: entry.body } : {}),
    content_hash: entry.contentHash,
    updated_at: entry.updatedAt,
    scan_status: decision.scan_status,
    max_severity: decision.max_severity,
    quarantined: decision.quarantined,
    runnable: decision.runnable,
    blocked_reason: decision.blocked_reason,
    quarantine_note: decision.note,
  };
}
