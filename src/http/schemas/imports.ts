import { Type } from '@sinclair/typebox';
import { Nullable } from './common.js';

const Repo = Type.String({ minLength: 1, maxLength: 2000, description: 'owner/repo (GitHub), a GitHub URL (tree/<ref>/<path> too), or an https URL of any git repository' });
const Ref = Type.String({ minLength: 1, maxLength: 250, description: 'Branch, tag or commit; the default branch when left out' });
const RepoPath = Type.String({ maxLength: 1000, description: 'A folder (or file) inside the repository' });
const CredentialsRef = Type.String({ minLength: 1, maxLength: 64, description: 'Name of a credential stored with POST /api/credentials' });
const Teams = Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100 });

export const ImportGitHubBody = Type.Object(
  {
    repo: Repo,
    path: Type.Optional(RepoPath),
    paths: Type.Optional(Type.Array(RepoPath, { maxItems: 5 })),
    ref: Type.Optional(Ref),
    credentials_ref: Type.Optional(CredentialsRef),
  },
  { additionalProperties: false },
);

export const ImportGitHubResponse = Type.Object({
  files: Type.Record(Type.String(), Type.String(), { description: 'path → text, relative to `path` when one path was given' }),
  binary_files: Type.Array(Type.Object({ path: Type.String(), size: Type.Integer(), sha256: Type.String() }), { description: 'Binary files, listed rather than inlined' }),
  lfs_pointers: Type.Array(Type.String(), { description: 'Git LFS pointer files: listed, their content not fetched' }),
  count: Type.Integer(),
  repo: Type.String(),
  ref: Type.String(),
  commit: Type.String(),
});

export const ImportBody = Type.Object(
  {
    url: Repo,
    ref: Type.Optional(Ref),
    paths: Type.Optional(Type.Array(RepoPath, { maxItems: 50 })),
    credentials_ref: Type.Optional(CredentialsRef),
    visibility: Type.Optional(Type.Union([Type.Literal('private'), Type.Literal('team'), Type.Literal('global')])),
    shared_with_teams: Type.Optional(Teams),
    dry_run: Type.Optional(Type.Boolean({ description: 'Show what would be imported, store nothing' })),
    wait: Type.Optional(Type.Boolean({ description: 'Answer when the job is done: its result, or its error with the error\'s 4xx status' })),
  },
  { additionalProperties: false },
);

const Origin = Type.Object({ repository: Type.String(), ref: Type.String(), commit: Type.String(), path: Type.String() });

export const ImportResult = Type.Object({
  repository: Type.String(),
  ref: Type.String(),
  commit: Type.String(),
  dry_run: Type.Boolean(),
  imported: Type.Array(Type.Object({ id: Nullable(Type.String()), name: Type.String(), version: Type.String(), path: Type.String(), action: Type.Union([Type.Literal('created'), Type.Literal('updated')]), scan_status: Type.String() })),
  skipped: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), path: Type.String(), reason: Type.Union([Type.Literal('already_imported'), Type.Literal('unchanged')]) })),
  errors: Type.Array(Type.Object({ path: Type.String(), code: Type.String(), error: Type.String() })),
  lfs_pointers: Type.Array(Type.String()),
  submodules: Type.Array(Type.String()),
});

export const ImportJob = Type.Object({
  id: Type.String(),
  status: Type.Union([Type.Literal('running'), Type.Literal('succeeded'), Type.Literal('failed')]),
  params: Type.Object({}, { additionalProperties: true }),
  progress: Type.Object({
    stage: Type.String({ description: 'fetching, checking, storing or done' }),
    files: Type.Integer({ description: 'Files fetched' }),
    skills_found: Type.Integer(),
    done: Type.Integer({ description: 'Skills validated and scanned so far' }),
  }),
  result: Nullable(Type.Object({}, { additionalProperties: true, description: 'The import result once succeeded; the error status once failed' })),
  error: Nullable(Type.String()),
  error_code: Nullable(Type.String()),
  created_by: Nullable(Type.String()),
  created_at: Type.String(),
  updated_at: Type.String(),
  finished_at: Nullable(Type.String()),
}, { $id: 'ImportJob' });

export { Origin };

const hubFields = {
  name: Type.String({ minLength: 1, maxLength: 64, description: 'Lowercase letters, digits, ".", "_", "-"' }),
  repository: Repo,
  ref: Type.Optional(Nullable(Ref)),
  paths: Type.Optional(Type.Array(RepoPath, { maxItems: 50, description: 'Folders to take skills from; the whole repository when empty' })),
  credentials_ref: Type.Optional(Nullable(CredentialsRef)),
  sync_interval_s: Type.Optional(Type.Integer({ minimum: 0, maximum: 31_536_000, description: 'Seconds between syncs; 0 syncs only when asked' })),
  enabled: Type.Optional(Type.Boolean()),
  visibility: Type.Optional(Type.Union([Type.Literal('global'), Type.Literal('team')])),
  shared_with_teams: Type.Optional(Teams),
};

export const CreateHubBody = Type.Object(hubFields, { additionalProperties: false });
export const UpdateHubBody = Type.Object(
  { ...hubFields, name: Type.Optional(hubFields.name), repository: Type.Optional(Repo), id: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
export const HubIdQuery = Type.Object({ id: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });
export const HubIdParams = Type.Object({ id: Type.String({ maxLength: 200 }) });

const SyncError = Type.Object({ path: Type.String(), code: Type.String(), error: Type.String() });

export const Hub = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    repository: Type.String(),
    ref: Nullable(Type.String()),
    paths: Type.Array(Type.String()),
    credentials_ref: Nullable(Type.String()),
    sync_interval_s: Type.Integer(),
    enabled: Type.Boolean(),
    visibility: Type.Union([Type.Literal('global'), Type.Literal('team')]),
    shared_with_teams: Type.Array(Type.String()),
    created_by: Nullable(Type.String()),
    created_at: Type.String(),
    updated_at: Type.String(),
    status: Type.Object({
      last_commit: Nullable(Type.String()),
      last_ref: Nullable(Type.String()),
      last_sync_at: Nullable(Type.String({ description: 'Last sync that reached the host (new commit or unchanged)' })),
      last_attempt_at: Nullable(Type.String()),
      last_duration_ms: Nullable(Type.Integer()),
      last_status: Nullable(Type.Union([Type.Literal('ok'), Type.Literal('unchanged'), Type.Literal('failed')])),
      last_error: Nullable(Type.String()),
      skills: Type.Integer(),
      errors: Type.Array(SyncError, { description: 'Files of the last sync that were left out, and why' }),
      syncing: Type.Boolean(),
    }),
  },
  { $id: 'Hub' },
);

export const SyncResponse = Type.Object({
  result: Type.Union([Type.Literal('synced'), Type.Literal('unchanged'), Type.Literal('other_node')]),
  hub: Type.Ref(Hub),
});

export const PreviewBody = Type.Object(
  { repository: Repo, ref: Type.Optional(Ref), paths: Type.Optional(Type.Array(RepoPath, { maxItems: 50 })), credentials_ref: Type.Optional(CredentialsRef) },
  { additionalProperties: false },
);

export const PreviewResponse = Type.Object({
  repository: Type.String(),
  ref: Type.String(),
  commit: Type.String(),
  skills: Type.Array(
    Type.Object({
      name: Type.String(),
      version: Type.String(),
      description: Type.String(),
      path: Type.String(),
      layout: Type.Union([Type.Literal('agent-skills'), Type.Literal('flat')]),
      files: Type.Array(Type.Object({ path: Type.String(), size: Type.Integer(), sha256: Type.String() })),
      scan_status: Type.String(),
      max_severity: Nullable(Type.String()),
      blocked: Type.Boolean(),
      blocked_reason: Nullable(Type.String()),
    }),
  ),
  count: Type.Integer(),
  errors: Type.Array(SyncError),
  lfs_pointers: Type.Array(Type.String()),
  submodules: Type.Array(Type.String()),
});

export const CredentialBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64 }),
    kind: Type.Union([Type.Literal('token'), Type.Literal('basic')], { description: 'token: sent as a bearer token to GitHub\'s API and as HTTP basic (user x-access-token) to git hosts; basic: username and password' }),
    username: Type.Optional(Type.String({ maxLength: 256 })),
    value: Type.String({ minLength: 1, maxLength: 8192, description: 'The secret; stored encrypted, never returned' }),
  },
  { additionalProperties: false },
);

export const UpdateCredentialBody = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 64 })),
    kind: Type.Optional(Type.Union([Type.Literal('token'), Type.Literal('basic')])),
    username: Type.Optional(Type.String({ maxLength: 256 })),
    value: Type.Optional(Type.String({ minLength: 1, maxLength: 8192 })),
  },
  { additionalProperties: false },
);

export const Credential = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.Union([Type.Literal('token'), Type.Literal('basic')]),
  username: Nullable(Type.String()),
  created_by: Nullable(Type.String()),
  created_at: Type.String(),
  updated_at: Type.String(),
});

export const CredentialParams = Type.Object({ name: Type.String({ maxLength: 64 }) });
