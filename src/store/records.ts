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

/** One scan of one skill version's content; every scan is kept, for history. */
export interface ScanRecord {
  id: string;
  /** Digest of everything scanned (SKILL.md and the files beside it). */
  digest: string;
  skill_id: string;
  name: string;
  version: string;
  source: string;
  verdict: 'passed' | 'flagged' | 'error';
  max_severity: string | null;
  counts: Record<string, number>;
  findings: Array<Record<string, unknown>>;
  errors: string[];
  rule_pack_version: string;
  /** What caused the scan: a config save, a source load, a scan job. */
  trigger: 'save' | 'load' | 'job';
  job_id: string | null;
  scanned_at: string;
}

/** A scan result without its findings, as kept in memory for every skill. */
export type ScanSummaryRecord = Omit<ScanRecord, 'findings'>;

export type ScanJobKind = 'catalog' | 'hub' | 'source';
export type ScanJobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface ScanJobParams {
  hub_id?: string;
  source?: string;
  names?: string[];
  ids?: string[];
}

export interface ScanJob {
  id: string;
  kind: ScanJobKind;
  status: ScanJobStatus;
  params: ScanJobParams;
  /** The skill versions (`name@version`) the job covers, fixed when it starts; a resumed job goes on from `done`. */
  targets: string[] | null;
  total: number;
  done: number;
  passed: number;
  flagged: number;
  errored: number;
  error: string | null;
  cancel_requested: boolean;
  /** How many times a worker has started it; more than one means it was resumed after a restart. */
  attempts: number;
  created_by: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** Written by the worker running it; a stale heartbeat means its node went away. */
  heartbeat_at: string | null;
}

export type ScanJobChanges = Partial<Omit<ScanJob, 'id' | 'kind' | 'params' | 'created_by' | 'created_at'>>;

export interface StoredQuarantinePolicy {
  policy: Record<string, unknown>;
  updated_at: string;
  updated_by: string | null;
}

/** An admin's decision that one exact content of a skill may run despite the policy. */
export interface ScanOverride {
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

export type TaskStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** Token counts as the model provider reported them. */
export interface TaskUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** What a skill turned a task into: the system prompt, role, tools, token budget and model. */
export interface TaskExpansion {
  system_prompt: string | null;
  role: string | null;
  tools: string[];
  budget_max: number | null;
  model: string | null;
}

/** One run of a query against the model, with or without a skill. */
export interface TaskRecord {
  id: string;
  status: TaskStatus;
  query: string;
  skill: string | null;
  skill_version: string | null;
  skill_source: string | null;
  dangerous: boolean;
  /** What allowed a dangerous skill: `role:admin`, `role:owner` or `scope:skills:dangerous`. */
  authority: string | null;
  session_id: string | null;
  context: Record<string, unknown> | null;
  expansion: TaskExpansion;
  result: string;
  usage: TaskUsage | null;
  finish_reason: string | null;
  error: string | null;
  error_code: string | null;
  owner_id: string | null;
  actor_kind: string;
  key_id: string | null;
  request_id: string | null;
  /** The node running it; its heartbeat shows the node is alive. */
  node_id: string;
  cancel_requested: boolean;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  heartbeat_at: string;
  updated_at: string;
}

export type TaskChanges = Partial<Pick<TaskRecord, 'status' | 'result' | 'usage' | 'finish_reason' | 'error' | 'error_code' | 'started_at' | 'finished_at' | 'cancel_requested' | 'updated_at'>>;

export interface TaskQuery {
  owner_id?: string;
  status?: TaskStatus;
  skill?: string;
  session_id?: string;
  /** Tasks created before this one (keyset paging, newest first). */
  before?: { created_at: string; id: string };
  limit: number;
}

/** A credential for private git repositories; the secret is stored sealed, never in clear. */
export interface GitCredentialRecord {
  id: string;
  name: string;
  kind: 'token' | 'basic';
  username: string | null;
  /** The sealed secret (see auth/secret-box.ts); opened only to make a request. */
  secret_sealed: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A git repository kept in sync, whose skills enter the catalog as source `hub`. */
export interface HubRecord {
  id: string;
  name: string;
  repository: string;
  ref: string | null;
  paths: string[];
  credentials_ref: string | null;
  sync_interval_s: number;
  enabled: boolean;
  visibility: 'team' | 'global';
  shared_with_teams: string[];
  created_by: string | null;
  created_at: string;
  updated_at: string;
  last_commit: string | null;
  last_ref: string | null;
  last_sync_at: string | null;
  last_attempt_at: string | null;
  last_duration_ms: number | null;
  last_status: 'ok' | 'unchanged' | 'failed' | null;
  last_error: string | null;
  skills_count: number;
  sync_errors: Array<{ path: string; code: string; error: string }>;
  result_version: number;
  claimed_by: string | null;
  claim_until: string | null;
}

export interface HubSkillFileRecord {
  path: string;
  size: number;
  sha256: string;
  encoding: 'utf8' | 'base64';
  content: string;
}

/** One skill of a hub as its last sync found it. */
export interface HubSkillRecord {
  hub_id: string;
  /** Path of its skill file in the repository. */
  path: string;
  name: string;
  version: string;
  layout: 'agent-skills' | 'flat';
  content: string;
  files: HubSkillFileRecord[];
  digest: string;
  commit: string;
  updated_at: string;
}

export type HubSyncOutcome = Pick<HubRecord, 'last_commit' | 'last_ref' | 'last_sync_at' | 'last_attempt_at' | 'last_duration_ms' | 'last_status' | 'last_error' | 'skills_count' | 'sync_errors'>;

export type ImportJobStatus = 'running' | 'succeeded' | 'failed';

export interface ImportJobRecord {
  id: string;
  status: ImportJobStatus;
  params: Record<string, unknown>;
  progress: { stage: string; files: number; skills_found: number; done: number };
  result: Record<string, unknown> | null;
  error: string | null;
  error_code: string | null;
  node_id: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

/** A read-only share link. The token itself is never stored, only its hash. */
export interface ShareRecord {
  id: string;
  name: string;
  /** Characters 4 to 12 of the token, stored in clear to find its row. */
  prefix: string;
  hash: string;
  kind: 'team' | 'skills' | 'all';
  /** The team whose view a `team` share gives. */
  team_id: string | null;
  /** The skill names a `skills` share is limited to. */
  skills: string[];
  /** The user whose visibility an `all` or `skills` share reads with. */
  created_by: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
}

/** A slot for one file of a skill about to be published: what the client declared, and the bytes once sent. */
export interface PublishUpload {
  ticket: string;
  /** Names the stored bytes in the publish request. */
  storage_id: string;
  user_id: string;
  path: string;
  size: number;
  /** Lowercase hex of the declared bytes. */
  sha256: string;
  content_type: string | null;
  /** Null until the bytes are uploaded. */
  content: Buffer | null;
  created_at: string;
  uploaded_at: string | null;
  expires_at: string;
}
