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
