import type { ApiKeyRecord, AuditEntry, AuditQuery, ConfigQuery, NewAuditEntry, ScanJob, ScanJobChanges, ScanJobStatus, ScanOverride, ScanRecord, ScanSummaryRecord, SkillConfig, SkillConfigRevision, StoredQuarantinePolicy, Team, User, Webhook, WebhookDelivery } from './records.js';
import type { Dialect } from './connect.js';
import type { ChangeFeed } from './change-feed.js';
import type { TaskChanges, TaskQuery, TaskRecord, TaskStatus } from './records.js';
import type { GitCredentialRecord, HubRecord, HubSkillRecord, HubSyncOutcome, ImportJobRecord, PublishUpload } from './records.js';
import type { ShareRecord } from './records.js';

export interface UserRepository {
  create(user: User): Promise<User>;
  get(id: string): Promise<User | undefined>;
  list(): Promise<User[]>;
  update(id: string, changes: Partial<Pick<User, 'name' | 'email' | 'role'>>): Promise<User | undefined>;
  delete(id: string): Promise<boolean>;
  count(): Promise<number>;
}

export interface TeamRepository {
  create(team: Team): Promise<Team>;
  get(idOrName: string): Promise<Team | undefined>;
  list(): Promise<Team[]>;
  delete(id: string): Promise<boolean>;
  addMember(teamId: string, userId: string): Promise<void>;
  removeMember(teamId: string, userId: string): Promise<boolean>;
  members(teamId: string): Promise<User[]>;
  /** Names of the teams a user belongs to. */
  teamsOf(userId: string): Promise<string[]>;
}

export interface ApiKeyRepository {
  create(key: ApiKeyRecord): Promise<ApiKeyRecord>;
  get(id: string): Promise<ApiKeyRecord | undefined>;
  /** Every key whose prefix matches; the caller compares hashes in constant time. */
  findByPrefix(prefix: string): Promise<ApiKeyRecord[]>;
  list(filter?: { user_id?: string }): Promise<ApiKeyRecord[]>;
  revoke(id: string, at: string): Promise<boolean>;
  touch(id: string, at: string): Promise<void>;
}

export interface SkillConfigRepository {
  create(config: SkillConfig): Promise<SkillConfig>;
  get(id: string): Promise<SkillConfig | undefined>;
  getByTemplate(templateSourceId: string): Promise<SkillConfig | undefined>;
  /** Every config matching the filter, by name; visibility is applied by the caller. */
  list(query?: ConfigQuery): Promise<SkillConfig[]>;
  /** Writes `config` only if the stored revision is still `expectedRevision`; false when it moved on. */
  update(config: SkillConfig, expectedRevision: number): Promise<boolean>;
  delete(id: string): Promise<boolean>;
  count(query?: ConfigQuery): Promise<number>;
  addRevision(revision: SkillConfigRevision): Promise<void>;
  revisions(configId: string): Promise<SkillConfigRevision[]>;
  /** Every revision of every config, for rebuilding the catalog's version history. */
  allRevisions(): Promise<SkillConfigRevision[]>;
}

export interface AuditRepository {
  append(entry: NewAuditEntry): Promise<AuditEntry>;
  query(query: AuditQuery): Promise<AuditEntry[]>;
}

export type WebhookDeliveryChanges = Partial<Pick<WebhookDelivery, 'status' | 'attempts' | 'last_status_code' | 'last_error' | 'next_attempt_at' | 'updated_at'>>;

export interface WebhookRepository {
  create(webhook: Webhook): Promise<Webhook>;
  get(id: string): Promise<Webhook | undefined>;
  list(filter?: { active?: boolean }): Promise<Webhook[]>;
  update(id: string, changes: Partial<Pick<Webhook, 'url' | 'events' | 'active' | 'updated_at'>>): Promise<Webhook | undefined>;
  /** Deletes the webhook and (by cascade) its deliveries. */
  delete(id: string): Promise<boolean>;
  createDelivery(delivery: WebhookDelivery): Promise<WebhookDelivery>;
  getDelivery(id: string): Promise<WebhookDelivery | undefined>;
  /** A webhook's deliveries, newest first. */
  deliveries(webhookId: string, options: { limit: number }): Promise<WebhookDelivery[]>;
  /** Pending deliveries of every webhook, soonest due first. */
  pendingDeliveries(options: { limit: number }): Promise<WebhookDelivery[]>;
  /**
   * Takes a pending delivery for one attempt by moving `next_attempt_at` to `leaseUntil`, only if
   * it still reads `expectedNextAttemptAt`: of several nodes (or timers) racing, one wins.
   */
  claimDelivery(id: string, expectedNextAttemptAt: string | null, leaseUntil: string): Promise<boolean>;
  updateDelivery(id: string, changes: WebhookDeliveryChanges): Promise<void>;
}

export interface ScanRepository {
  addResult(result: ScanRecord): Promise<void>;
  /** The newest result of every digest, without findings: what the server keeps in memory. */
  latestSummaries(): Promise<ScanSummaryRecord[]>;
  /** The newest result for one content digest, without findings. */
  latestSummary(digest: string): Promise<ScanSummaryRecord | undefined>;
  /** Results of one skill name, newest first. */
  history(name: string, options: { limit: number }): Promise<ScanRecord[]>;

  createJob(job: ScanJob): Promise<ScanJob>;
  getJob(id: string): Promise<ScanJob | undefined>;
  /** Newest first. */
  listJobs(options: { limit: number; status?: ScanJobStatus }): Promise<ScanJob[]>;
  /** Jobs in a status, oldest first. */
  jobsIn(status: ScanJobStatus): Promise<ScanJob[]>;
  /**
   * Applies `changes` only while the job is still in `expected` status (and, when `attempt` is
   * given, still on that attempt): of several workers (or a worker and a cancel) racing over one
   * job, one wins. False when the job had moved on, for instance to another node that took it over.
   */
  updateJob(id: string, expected: ScanJobStatus | ScanJobStatus[], changes: ScanJobChanges, attempt?: number): Promise<boolean>;

  getPolicy(): Promise<StoredQuarantinePolicy | undefined>;
  putPolicy(policy: StoredQuarantinePolicy): Promise<void>;

  addOverride(override: ScanOverride): Promise<void>;
  listOverrides(): Promise<ScanOverride[]>;
  deleteOverride(id: string): Promise<boolean>;
}

export interface TaskRepository {
  create(task: TaskRecord): Promise<TaskRecord>;
  get(id: string): Promise<TaskRecord | undefined>;
  /** Newest first. */
  list(query: TaskQuery): Promise<TaskRecord[]>;
  /** Applies `changes` only while the task is in one of `from`: of a finishing run and a cancel racing, one wins. */
  transition(id: string, from: TaskStatus[], changes: TaskChanges): Promise<boolean>;
  /** Marks a node's unfinished tasks as still looked after; returns the ids of those someone asked to cancel. */
  heartbeat(nodeId: string, at: string): Promise<string[]>;
  /** Fails the unfinished tasks of `nodeId`, and any whose node went silent before `staleBefore`; returns how many. */
  failAbandoned(filter: { nodeId?: string; staleBefore: string }, failure: { error: string; error_code: string; at: string }): Promise<number>;
}

export interface StoreCounts {
  scanJobs: Record<string, number>;
  tasks: Record<string, number>;
  deliveries: Record<string, number>;
  tokens: { prompt: number; completion: number };
}

export interface LeaseRepository {
  /** Takes or renews the lease `name` for `ttlMs` when it is free, lapsed or already `holder`'s; true when `holder` has it now. */
  acquire(name: string, holder: string, now: Date, ttlMs: number): Promise<boolean>;
  /** Gives the lease up, if `holder` still has it. */
  release(name: string, holder: string): Promise<void>;
  holder(name: string): Promise<{ holder: string; expires_at: string } | undefined>;
}

/** A table as the database describes it: its columns in order, and which hold integers. */
export interface TableShape {
  name: string;
  columns: Array<{ name: string; integer: boolean }>;
}

export interface TableReader {
  /** Every table in this view of the database (the migrator's own excepted). */
  readonly shapes: TableShape[];
  /** Names of the migrations applied to the database, in order. */
  migrations(): Promise<string[]>;
  count(table: string): Promise<number>;
  /**
   * Up to `limit` rows of `table` after the row whose `key` columns hold `after` (from the first
   * row when undefined), in key order; each row is an array of every column's value, in the
   * table's column order, integers as numbers.
   */
  page(table: string, key: readonly string[], after: readonly unknown[] | undefined, limit: number): Promise<unknown[][]>;
}

export interface TableWriter extends TableReader {
  /** Deletes every row of `table`. */
  clear(table: string): Promise<void>;
  insert(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void>;
  /** Makes the ids the database generates for `column` continue after the highest one written. */
  continueSequence(table: string, column: string): Promise<void>;
}

/** Whole-table access for backup and restore (src/backup decides what is covered). */
export interface BackupRepository {
  /** Every table of the database (the migrator's own excepted), with its columns. */
  tables(): Promise<TableShape[]>;
  /** Runs `work` over one consistent, read-only view: every read sees the database at one moment. */
  snapshot<T>(work: (reader: TableReader) => Promise<T>): Promise<T>;
  /** Runs `work` in one write transaction: all of its writes land, or none do. */
  restore<T>(work: (writer: TableWriter) => Promise<T>): Promise<T>;
}

export interface CredentialRepository {
  create(credential: GitCredentialRecord): Promise<GitCredentialRecord>;
  get(idOrName: string): Promise<GitCredentialRecord | undefined>;
  list(): Promise<GitCredentialRecord[]>;
  update(id: string, changes: Partial<Pick<GitCredentialRecord, 'kind' | 'username' | 'secret_sealed' | 'updated_at'>>): Promise<boolean>;
  delete(id: string): Promise<boolean>;
}

export interface HubRepository {
  create(hub: HubRecord): Promise<HubRecord>;
  get(idOrName: string): Promise<HubRecord | undefined>;
  list(): Promise<HubRecord[]>;
  update(id: string, changes: Partial<Omit<HubRecord, 'id' | 'created_at' | 'created_by'>>): Promise<boolean>;
  /** Deletes the hub and its skills. */
  delete(id: string): Promise<boolean>;
  /**
   * Takes a hub for syncing until `until`, only if no node holds a live claim on it: of several
   * nodes racing, one wins. False when another node holds it.
   */
  claim(id: string, nodeId: string, now: string, until: string): Promise<boolean>;
  /**
   * Extends this node's claim to `until`, while its sync runs. False when the claim is no longer
   * this node's (it lapsed and another node took the hub over): the sync must not store its result.
   */
  renewClaim(id: string, nodeId: string, until: string): Promise<boolean>;
  /** Gives up this node's claim. */
  release(id: string, nodeId: string): Promise<void>;
  /** Records how a sync went; `newResult` bumps `result_version`, telling other nodes to reload. */
  saveOutcome(id: string, outcome: HubSyncOutcome, newResult: boolean): Promise<void>;
  /** Replaces the stored skills of a hub with those of its latest sync. */
  replaceSkills(hubId: string, skills: HubSkillRecord[]): Promise<void>;
  /** Stored skills of one hub, or of every hub. */
  skills(hubId?: string): Promise<HubSkillRecord[]>;
}

export interface ShareRepository {
  create(share: ShareRecord): Promise<ShareRecord>;
  get(id: string): Promise<ShareRecord | undefined>;
  findByPrefix(prefix: string): Promise<ShareRecord[]>;
  /** Every share, or those one user made, oldest first. */
  list(filter?: { created_by?: string }): Promise<ShareRecord[]>;
  /** Sets `revoked_at` once; false when the share was already revoked or does not exist. */
  revoke(id: string, at: string): Promise<boolean>;
}

export interface ImportJobRepository {
  create(job: ImportJobRecord): Promise<ImportJobRecord>;
  get(id: string): Promise<ImportJobRecord | undefined>;
  update(id: string, changes: Partial<Omit<ImportJobRecord, 'id' | 'created_at' | 'created_by' | 'params' | 'node_id'>>): Promise<void>;
  /** Fails the jobs a node left running when it stopped; returns how many. */
  failUnfinished(nodeId: string, error: string, at: string): Promise<number>;
}

export interface PublishUploadRepository {
  create(upload: PublishUpload): Promise<void>;
  get(ticket: string): Promise<PublishUpload | undefined>;
  /** One user's slots among `storageIds`; others' are never returned. */
  byStorageIds(userId: string, storageIds: readonly string[]): Promise<PublishUpload[]>;
  /** Stores the bytes of a slot that has none yet; false when it already has them (or is gone). */
  attach(ticket: string, content: Buffer, at: string): Promise<boolean>;
  /** A user's slots that have not expired by `now`. */
  countPending(userId: string, now: string): Promise<number>;
  delete(tickets: readonly string[]): Promise<void>;
  /** Removes every slot expired by `now`; returns how many. */
  deleteExpired(now: string): Promise<number>;
}

/**
 * The only way into persistent state. One implementation over a query builder serves both
 * backends; everything above it is backend-agnostic.
 */
export interface Store {
  readonly dialect: Dialect;
  /** Where the data lives, safe to log. */
  readonly location: string;
  readonly users: UserRepository;
  readonly teams: TeamRepository;
  readonly keys: ApiKeyRepository;
  readonly audit: AuditRepository;
  readonly configs: SkillConfigRepository;
  readonly webhooks: WebhookRepository;
  readonly scans: ScanRepository;
  readonly tasks: TaskRepository;
  readonly leases: LeaseRepository;
  /** Announcements of committed changes by any writer; undefined on SQLite, where this process is the only node. */
  readonly changes: ChangeFeed | undefined;
  readonly credentials: CredentialRepository;
  readonly hubs: HubRepository;
  readonly importJobs: ImportJobRepository;
  readonly shares: ShareRepository;
  readonly backup: BackupRepository;
  /** Upload slots of skills being published over the ClawHub API. */
  readonly publishUploads: PublishUploadRepository;
  /** Runs `work` in one transaction: all of its writes land, or none do. */
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T>;
  /** Cheap round trip, for readiness. */
  ping(): Promise<void>;
  /** Rows by status in the tables operators watch, for metrics. */
  counts(): Promise<StoreCounts>;
  /** Connections of the pool in use, idle and waited for (PostgreSQL); undefined on SQLite. */
  poolUsage(): { total: number; idle: number; waiting: number } | undefined;
  close(): Promise<void>;
}
