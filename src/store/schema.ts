import type { Generated } from 'kysely';

/**
 * Table shapes as the query builder sees them. Timestamps are ISO 8601 UTC strings and lists are
 * JSON text in both backends, so rows read the same from SQLite and PostgreSQL.
 */
export interface Database {
  users: UsersTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  api_keys: ApiKeysTable;
  audit_log: AuditLogTable;
  skill_configs: SkillConfigsTable;
  skill_config_revisions: SkillConfigRevisionsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  scan_results: ScanResultsTable;
  scan_jobs: ScanJobsTable;
  quarantine_policy: QuarantinePolicyTable;
  scan_overrides: ScanOverridesTable;
  tasks: TasksTable;
  cluster_leases: ClusterLeasesTable;
  git_credentials: GitCredentialsTable;
  skill_hubs: SkillHubsTable;
  hub_skills: HubSkillsTable;
  import_jobs: ImportJobsTable;
  shares: SharesTable;
  publish_uploads: PublishUploadsTable;
}

export interface SharesTable {
  id: string;
  name: string;
  prefix: string;
  hash: string;
  kind: string;
  team_id: string | null;
  skills: string;
  created_by: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
}

export interface SkillConfigsTable {
  id: string;
  name: string;
  description: string;
  category: string;
  version: string;
  visibility: string;
  shared_with_teams: string;
  owner_id: string;
  /** 0 or 1 in both backends. */
  is_system: number;
  template_source_id: string | null;
  skill_content: string;
  tasks: string;
  metadata: string;
  ancillary_files: string;
  scan_status: string;
  scan_summary: string | null;
  revision: number;
  created_at: string;
  updated_at: string;
}

export interface SkillConfigRevisionsTable {
  id: Generated<number>;
  config_id: string;
  revision: number;
  version: string;
  action: string;
  actor_id: string | null;
  snapshot: string;
  created_at: string;
}

export interface UsersTable {
  id: string;
  name: string;
  email: string | null;
  role: string;
  created_at: string;
  updated_at: string;
}

export interface TeamsTable {
  id: string;
  name: string;
  description: string;
  created_at: string;
}

export interface TeamMembersTable {
  team_id: string;
  user_id: string;
  added_at: string;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  /** First 8 hex characters of the key, to find candidates without storing the key. */
  prefix: string;
  /** SHA-256 of the whole key, hex. */
  hash: string;
  user_id: string;
  role: string;
  /** JSON array; empty means the role's default scopes. */
  scopes: string;
  /** JSON array; empty means the owner's teams. */
  teams: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
  created_at: string;
  created_by: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_id: string | null;
  actor_kind: string;
  action: string;
  resource_type: string;
  resource_id: string | null;
  outcome: string;
  ip: string | null;
  request_id: string | null;
  /** JSON object with action-specific facts; never a secret. */
  details: string;
}

export interface WebhooksTable {
  id: string;
  url: string;
  /** Needed in clear to sign deliveries; never returned by a list or written to a log. */
  secret: string;
  /** JSON array of event types; empty means all. */
  events: string;
  /** 0 or 1 in both backends. */
  active: number;
  created_at: string;
  created_by: string | null;
  updated_at: string;
}

export interface WebhookDeliveriesTable {
  id: string;
  webhook_id: string;
  event_id: number;
  event_type: string;
  payload: string;
  status: string;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ScanResultsTable {
  id: string;
  digest: string;
  skill_id: string;
  name: string;
  version: string;
  source: string;
  verdict: string;
  max_severity: string | null;
  /** JSON objects and arrays. */
  counts: string;
  findings: string;
  errors: string;
  rule_pack_version: string;
  trigger: string;
  job_id: string | null;
  scanned_at: string;
}

export interface ScanJobsTable {
  id: string;
  kind: string;
  status: string;
  /** JSON object. */
  params: string;
  /** JSON array of `name@version`, or null before the job starts. */
  targets: string | null;
  total: number;
  done: number;
  passed: number;
  flagged: number;
  errored: number;
  error: string | null;
  /** 0 or 1 in both backends. */
  cancel_requested: number;
  attempts: number;
  created_by: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  heartbeat_at: string | null;
}

export interface QuarantinePolicyTable {
  id: string;
  /** JSON object. */
  policy: string;
  updated_at: string;
  updated_by: string | null;
}

export interface ScanOverridesTable {
  id: string;
  digest: string;
  skill_id: string;
  name: string;
  version: string;
  reason: string;
  created_by: string | null;
  created_at: string;
  expires_at: string | null;
}

export interface TasksTable {
  id: string;
  status: string;
  query: string;
  skill: string | null;
  skill_version: string | null;
  skill_source: string | null;
  /** 0 or 1 in both backends. */
  dangerous: number;
  authority: string | null;
  session_id: string | null;
  /** JSON object, or null. */
  context: string | null;
  /** JSON TaskExpansion. */
  expansion: string;
  result: string;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  total_tokens: number | null;
  finish_reason: string | null;
  error: string | null;
  error_code: string | null;
  owner_id: string | null;
  actor_kind: string;
  key_id: string | null;
  request_id: string | null;
  node_id: string;
  /** 0 or 1 in both backends. */
  cancel_requested: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  heartbeat_at: string;
  updated_at: string;
}

export interface ClusterLeasesTable {
  /** What the lease is for: one name per kind of periodic work. */
  name: string;
  /** The process holding it. */
  holder: string;
  acquired_at: string;
  /** Anyone may take the lease after this time: its holder stopped renewing it. */
  expires_at: string;
}

export interface GitCredentialsTable {
  id: string;
  name: string;
  kind: string;
  username: string | null;
  secret_sealed: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface SkillHubsTable {
  id: string;
  name: string;
  repository: string;
  ref: string | null;
  /** JSON arrays. */
  paths: string;
  credentials_ref: string | null;
  sync_interval_s: number;
  /** 0 or 1 in both backends. */
  enabled: number;
  visibility: string;
  shared_with_teams: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  last_commit: string | null;
  last_ref: string | null;
  last_sync_at: string | null;
  last_attempt_at: string | null;
  last_duration_ms: number | null;
  last_status: string | null;
  last_error: string | null;
  skills_count: number;
  /** JSON array. */
  sync_errors: string;
  result_version: number;
  claimed_by: string | null;
  claim_until: string | null;
}

export interface HubSkillsTable {
  hub_id: string;
  path: string;
  name: string;
  version: string;
  layout: string;
  content: string;
  /** JSON array of files with their content. */
  files: string;
  digest: string;
  commit: string;
  updated_at: string;
}

export interface ImportJobsTable {
  id: string;
  status: string;
  /** JSON objects. */
  params: string;
  progress: string;
  result: string | null;
  error: string | null;
  error_code: string | null;
  node_id: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface PublishUploadsTable {
  ticket: string;
  storage_id: string;
  user_id: string;
  path: string;
  size: number;
  sha256: string;
  content_type: string | null;
  /** base64; null until the bytes arrive. */
  content: string | null;
  created_at: string;
  uploaded_at: string | null;
  expires_at: string;
}
