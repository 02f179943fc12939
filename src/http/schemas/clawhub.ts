import { Type, type TSchema } from '@sinclair/typebox';
import { Nullable } from './common.js';

/**
 * The ClawHub API's shapes, as the `clawhub` CLI (0.23) reads them. Fields follow ClawHub's own
 * names (camelCase, millisecond timestamps); errors are plain text, as the CLI prints them.
 */

/** A refusal: one line of plain text that says what to fix. */
export const TextError = Type.Unsafe<string>({ type: 'string', description: 'Plain text (text/plain; charset=utf-8): what went wrong and what to do about it' });

export const clawhubErrors = (...statuses: number[]) => Object.fromEntries([400, 401, 403, ...statuses, 500].map((status) => [status, TextError])) as Record<number, TSchema>;

const Handle = Type.String({ maxLength: 100, description: 'Owner handle (a team name or a user id), with or without a leading @' });
const OwnerQuery = { ownerHandle: Type.Optional(Handle), owner: Type.Optional(Handle) };
const Limit = Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: 'At most 200 are returned' }));
const Flag = Type.Optional(Type.Boolean());

export const WellKnown = Type.Object({
  apiBase: Type.String({ description: 'Absolute base URL of the ClawHub API (SKILLPORT_PUBLIC_URL or the request host, plus /clawhub)' }),
  minCliVersion: Type.String(),
});

export const Whoami = Type.Object({
  user: Type.Object({
    handle: Nullable(Type.String({ description: 'The user id: what `--owner` and `@owner/slug` name' })),
    displayName: Nullable(Type.String()),
    image: Type.Null(),
    role: Type.Union([Type.Literal('admin'), Type.Literal('user')]),
  }),
});

export const SearchQuery = Type.Object({
  q: Type.String({ maxLength: 500 }),
  limit: Limit,
  mode: Type.Optional(Type.String({ maxLength: 20, description: '`exact`: the skill named exactly q' })),
  nonSuspiciousOnly: Flag,
  nonSuspicious: Flag,
  highlightedOnly: Flag,
});

const Owner = Type.Object({ handle: Nullable(Type.String()), displayName: Type.String(), image: Type.Null() });

export const SearchResponse = Type.Object({
  results: Type.Array(Type.Object({
    slug: Type.String(),
    displayName: Type.String(),
    summary: Nullable(Type.String()),
    version: Type.String(),
    score: Type.Number({ description: 'Relevance from the catalog search (BM25F), best first' }),
    updatedAt: Type.Number(),
    ownerHandle: Nullable(Type.String()),
    owner: Type.Object({ handle: Nullable(Type.String()), displayName: Type.String(), image: Type.Null(), kind: Type.Union([Type.Literal('user'), Type.Literal('org')]) }),
    canonicalUrl: Type.String({ description: 'The skill in the web UI' }),
  })),
});

const VersionInfo = Type.Object({
  version: Type.String(),
  createdAt: Type.Number(),
  changelog: Type.String(),
  license: Nullable(Type.Literal('MIT-0')),
});

const SkillInfo = Type.Object({
  slug: Type.String(),
  displayName: Type.String(),
  summary: Nullable(Type.String()),
  description: Nullable(Type.String()),
  topics: Type.Array(Type.String()),
  tags: Type.Record(Type.String(), Type.String(), { description: '`latest`: the version a bare install gets' }),
  stats: Type.Object({ versions: Type.Integer() }),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
});

export const ListQuery = Type.Object({
  limit: Limit,
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
  sort: Type.Optional(Type.String({ maxLength: 40, description: 'updated (default), newest/createdAt, name; downloads, stars, trending and recommended sort by update time' })),
  prefix: Type.Optional(Type.String({ maxLength: 200, description: 'Slugs starting with this, by name' })),
  nonSuspiciousOnly: Flag,
  nonSuspicious: Flag,
});

export const ListResponse = Type.Object({
  items: Type.Array(Type.Composite([SkillInfo, Type.Object({ latestVersion: VersionInfo, metadata: Type.Null() })])),
  nextCursor: Nullable(Type.String()),
});

export const SlugParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 200 }) });
export const VersionParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 200 }), version: Type.String({ minLength: 1, maxLength: 100 }) });
export const OwnerOnlyQuery = Type.Object(OwnerQuery);

export const Moderation = Type.Object({
  isSuspicious: Type.Boolean({ description: 'Flagged by the scan, or only warned about by the quarantine policy' }),
  isMalwareBlocked: Type.Boolean({ description: 'Blocked by the quarantine policy: never served' }),
  verdict: Type.Union([Type.Literal('clean'), Type.Literal('suspicious'), Type.Literal('malicious')]),
  reasonCodes: Type.Array(Type.String()),
  summary: Nullable(Type.String()),
  engineVersion: Type.Null(),
  updatedAt: Type.Null(),
});

export const SkillResponse = Type.Object({
  skill: SkillInfo,
  latestVersion: VersionInfo,
  metadata: Type.Null(),
  owner: Owner,
  moderation: Moderation,
});

export const AmbiguousSlug = Type.Object({
  code: Type.Literal('AMBIGUOUS_SKILL_SLUG'),
  message: Type.String(),
  slug: Type.String(),
  matches: Type.Array(Type.Object({ ownerHandle: Type.String(), slug: Type.String(), ref: Type.String(), url: Type.String() })),
}, { description: 'Several owners offer this slug; each match says how to install one' });

export const VersionsQuery = Type.Object({ limit: Limit, cursor: Type.Optional(Type.String({ maxLength: 512 })), ...OwnerQuery });

export const VersionsResponse = Type.Object({
  items: Type.Array(Type.Composite([VersionInfo, Type.Object({ changelogSource: Type.Null() })])),
  nextCursor: Nullable(Type.String()),
});

export const VersionResponse = Type.Object({
  skill: Type.Object({ slug: Type.String(), displayName: Type.String() }),
  version: Type.Composite([VersionInfo, Type.Object({
    changelogSource: Type.Null(),
    files: Type.Array(Type.Object({ path: Type.String(), size: Type.Integer(), sha256: Type.String({ description: 'hex' }), contentType: Type.String() })),
  })]),
});

export const InstallResponse = Type.Object({
  ok: Type.Literal(true),
  slug: Type.String(),
  installKind: Type.Literal('archive'),
  archive: Type.Object({ version: Type.String(), downloadUrl: Type.String() }),
});

export const InstallRefusal = Type.Object({
  ok: Type.Literal(false),
  slug: Type.String(),
  reason: Type.Literal('github_scan_failed', { description: 'The one refusal code the CLI accepts for a failed security scan' }),
  message: Type.String(),
  status: Type.Integer(),
});

export const VersionSelectorQuery = Type.Object({
  slug: Type.String({ minLength: 1, maxLength: 200 }),
  version: Type.Optional(Type.String({ maxLength: 100 })),
  tag: Type.Optional(Type.String({ maxLength: 100, description: 'Only `latest`' })),
  ...OwnerQuery,
});

export const FileQuery = Type.Object({
  path: Type.String({ minLength: 1, maxLength: 1024 }),
  version: Type.Optional(Type.String({ maxLength: 100 })),
  tag: Type.Optional(Type.String({ maxLength: 100 })),
  ...OwnerQuery,
});

export const ResolveQuery = Type.Object({
  slug: Type.String({ minLength: 1, maxLength: 200 }),
  hash: Type.String({ maxLength: 200, description: 'The CLI fingerprint of the local folder: sha256 hex of its sorted `path:sha256` lines' }),
  ...OwnerQuery,
});

export const ResolveResponse = Type.Object({
  slug: Type.String(),
  match: Nullable(Type.Object({ version: Type.String() })),
  latestVersion: Nullable(Type.Object({ version: Type.String() })),
});

export const UploadUrlBody = Type.Object({
  path: Type.String({ maxLength: 1024 }),
  size: Type.Integer({ minimum: 0 }),
  sha256: Type.String({ maxLength: 100 }),
  contentType: Type.Optional(Type.String({ maxLength: 200 })),
});

export const UploadUrlResponse = Type.Object({
  uploadUrl: Type.String({ description: 'Absolute; POST the file bytes there' }),
  uploadTicket: Type.String(),
});

export const UploadParams = Type.Object({ ticket: Type.String({ maxLength: 100 }) });
export const UploadResponse = Type.Object({ storageId: Type.String() });

export const PublishFile = Type.Object({
  path: Type.String({ maxLength: 1024 }),
  size: Type.Integer({ minimum: 0 }),
  storageId: Type.String({ maxLength: 100 }),
  sha256: Type.String({ maxLength: 100 }),
  contentType: Type.Optional(Type.String({ maxLength: 200 })),
  uploadTicket: Type.Optional(Type.String({ maxLength: 100 })),
});

const PublishFields = {
  slug: Type.String({ maxLength: 200 }),
  displayName: Type.Optional(Type.String({ maxLength: 500 })),
  ownerHandle: Type.Optional(Type.String({ maxLength: 100, description: 'Your own handle (the default), or a team you belong to: the skill is then shared with that team' })),
  version: Type.String({ maxLength: 100 }),
  changelog: Type.Optional(Type.String({ maxLength: 20_000 })),
  tags: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100 })),
};

export const PublishJsonBody = Type.Object({ ...PublishFields, files: Type.Array(PublishFile, { maxItems: 1000 }) }, { additionalProperties: true });

/** The multipart form's `payload` field, as JSON. */
export const PublishPayload = Type.Object({
  ...PublishFields,
  files: Type.Optional(Type.Array(Type.Object({ path: Type.String({ maxLength: 1024 }), sha256: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: true }), { maxItems: 1000, description: 'Optional digests of the form files, checked against their bytes' })),
}, { additionalProperties: true });

export const PublishResponse = Type.Object({
  ok: Type.Literal(true),
  skillId: Type.String({ description: 'The stored skill (config) id' }),
  versionId: Type.String(),
  slug: Type.String(),
  version: Type.String(),
  status: Type.Literal('published'),
  publicationStatus: Type.Literal('published'),
});

export const OkResponse = Type.Object({ ok: Type.Literal(true) });

export const InstallQuery = Type.Object({ ...OwnerQuery, forceInstall: Type.Optional(Type.String({ maxLength: 10, description: 'Accepted and ignored: Skillport scans before it stores' })) });

export const TelemetryBody = Type.Object({}, { additionalProperties: true });
