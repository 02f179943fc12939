/** What the store hands back: plain records, with JSON columns decoded. */

export type Role = 'owner' | 'admin' | 'member' | 'viewer';

export interface User {
  id: string;
  name: string;
  email: string | null;
  role: Role;
  created_at: string;
  updated_at: string;
}

export interface Team {
  id: string;
  name: string;
  description: string;
  created_at: string;
}

export interface ApiKeyRecord {
  id: string;
  name: string;
  prefix: string;
  hash: string;
  user_id: string;
  role: Role;
  scopes: string[];
  teams: string[];
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
  created_at: string;
  created_by: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor_id: string | null;
  actor_kind: string;
  action: string;
  resource_type: string;
  resource_id: string | null;
  outcome: 'success' | 'denied' | 'failure';
  ip: string | null;
  request_id: string | null;
  details: Record<string, unknown>;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'> & { at?: string };

export interface AuditQuery {
  actor_id?: string;
  action?: string;
  resource_type?: string;
  resource_id?: string;
  outcome?: string;
  since?: string;
  until?: string;
  /** Entries with an id below this one (for paging backwards in time). */
  before_id?: number;
  limit: number;
}

/** A unique constraint was violated: the caller asked for something that already exists. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}

export interface SkillTask {
  display_text: string;
  llm_prompt: string;
  subagent: string;
}

/** A skill stored through the API (the seed's AgentSkill). */
export interface SkillConfig {
  id: string;
  name: string;
  description: string;
  category: string;
  version: string;
  visibility: 'private' | 'team' | 'global';
  shared_with_teams: string[];
  owner_id: string;
  is_system: boolean;
  template_source_id: string | null;
  skill_content: string;
  tasks: SkillTask[];
  metadata: Record<string, unknown>;
  ancillary_files: Record<string, string>;
  scan_status: string;
  scan_summary: Record<string, unknown> | null;
  revision: number;
  created_at: string;
  updated_at: string;
}

export interface SkillConfigRevision {
  config_id: string;
  revision: number;
  version: string;
  action: 'create' | 'update' | 'restore';
  actor_id: string | null;
  config: SkillConfig;
  created_at: string;
}

export interface ConfigQuery {
  category?: string;
  visibility?: string;
  owner_id?: string;
  is_system?: boolean;
}

/** What a webhook can subscribe to; `ping` is only ever sent by the test endpoint. */
export type WebhookEventType = 'skill.created' | 'skill.updated' | 'skill.deleted' | 'ping';

/** An endpoint that receives catalog changes, signed with its secret. */
export interface Webhook {
  id: string;
  url: string;
  /** `whsec_` + 64 hex. Stored because every delivery is signed with it; never listed or logged. */
  secret: string;
  /** Event types sent to it; empty means all. */
  events: string[];
  active: boolean;
  created_at: string;
  created_by: string | null;
  updated_at: string;
}

export type WebhookDeliveryStatus = 'pending' | 'succeeded' | 'failed';

/** One event for one webhook, and how sending it went so far. */
export interface WebhookDelivery {
  id: string;
  webhook_id: string;
  /** The catalog event id (this node's sequence); 0 for a ping. */
  event_id: number;
  event_type: string;
  /** The exact JSON body sent, so every attempt sends (and signs) the same bytes. */
  payload: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  /** When the next attempt is due (or until when an attempt in flight holds it); null once settled. */
  next_attempt_at: string | null;
  created_at: string;
  updated_at: string;
}
