import { Type, type Static } from '@sinclair/typebox';
import { DEFAULT_PAGE_SIZE } from '../../catalog/query.js';
import { Nullable } from './common.js';

export { DEFAULT_PAGE_SIZE };

const Source = Type.Union([Type.Literal('filesystem'), Type.Literal('config'), Type.Literal('hub')]);
const Visibility = Type.Union([Type.Literal('private'), Type.Literal('team'), Type.Literal('global')]);
const ScanStatus = Type.Union([Type.Literal('passed'), Type.Literal('flagged'), Type.Literal('unscanned'), Type.Literal('error')]);

export const MAX_PAGE_SIZE = 100;

/** `GET /api/skills` query. Unknown fields are refused, so a typo never silently widens a filter. */
export const CatalogQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 500, description: 'Full-text search over name, tags, description and body; the last word also matches as a prefix. Results are ordered by relevance.' })),
    source: Type.Optional(Source),
    category: Type.Optional(Type.String({ maxLength: 200 })),
    tags: Type.Optional(Type.String({ maxLength: 1000, description: 'Comma-separated; a skill must carry every one (case-insensitive)' })),
    visibility: Type.Optional(Visibility),
    scan_status: Type.Optional(ScanStatus),
    quarantine: Type.Optional(
      Type.Union([Type.Literal('include'), Type.Literal('exclude'), Type.Literal('only')], {
        description:
          'Whether quarantined skills (those the quarantine policy blocks or warns about) are listed: along with the rest (include), not at all (exclude), or alone (only). ' +
          'Defaults to include, or to exclude when the policy sets exclude_flagged_from_catalog.',
      }),
    ),
    include_content: Type.Optional(Type.Boolean({ default: false, description: 'Include each skill body as `content`' })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1, description: 'Offset paging, from 1; ignored when `cursor` is given' })),
    page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })),
    cursor: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 2048,
        description: 'Opaque `meta.next_cursor` of the previous page, with the same q and filters. Keyset paging: a walk sees every skill that existed when it began exactly once, whatever is added meanwhile.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type CatalogQueryType = Static<typeof CatalogQuery>;

export const CatalogSkill = Type.Object(
  {
    id: Type.String({ description: '`<source>:<source_id>`' }),
    name: Type.String(),
    version: Type.String({ description: 'The version a bare name resolves to, among those the caller may see' }),
    description: Type.String(),
    category: Type.String(),
    source: Source,
    source_id: Type.String(),
    owner_id: Nullable(Type.String()),
    visibility: Visibility,
    metadata: Type.Object({}, { additionalProperties: true }),
    tags: Type.Array(Type.String()),
    versions_count: Type.Integer({ description: 'Versions of this name the caller may see' }),
    content: Type.Optional(Type.String({ description: 'Markdown body without the frontmatter; only with include_content=true' })),
    content_hash: Type.String(),
    updated_at: Type.String({ format: 'date-time' }),
    scan_status: ScanStatus,
    max_severity: Nullable(Type.String({ description: 'Most severe finding of the latest scan' })),
    quarantined: Type.Boolean({ description: 'The quarantine policy blocks it, or warns about it in warn mode' }),
    runnable: Type.Boolean({ description: 'May be installed and used in tasks' }),
    blocked_reason: Nullable(Type.String({ description: 'Why it may not be installed or run' })),
    quarantine_note: Nullable(Type.String({ description: 'A warning, or why the policy lets a flagged skill through (allow list, override)' })),
  },
  { description: 'One skill of the merged catalog' },
);

export const CatalogPage = Type.Object({
  skills: Type.Array(CatalogSkill),
  meta: Type.Object({
    total: Type.Integer({ description: 'Skills matching the query and filters' }),
    page: Nullable(Type.Integer({ description: 'The offset page; null when paging by cursor' })),
    page_size: Type.Integer(),
    has_more: Type.Boolean(),
    next_cursor: Nullable(Type.String({ description: 'Pass as `cursor` for the next page; null on the last page' })),
    generation: Type.Integer({ description: 'Catalog generation the page was read from' }),
    sources_loaded: Type.Array(Type.String()),
    unavailable_sources: Type.Array(Type.String()),
    conflicts: Type.Array(Type.Object({}, { additionalProperties: true }), { description: 'name@version claimed by several sources, for names the caller may see' }),
  }),
});
