import { sql, type Kysely } from 'kysely';
import type { Connection, Dialect } from './connect.js';
import { KyselyAuditRepository } from './repositories/audit.js';
import { KyselySkillConfigRepository } from './repositories/configs.js';
import { KyselyApiKeyRepository } from './repositories/keys.js';
import { KyselyTeamRepository } from './repositories/teams.js';
import { KyselyUserRepository } from './repositories/users.js';
import { KyselyWebhookRepository } from './repositories/webhooks.js';
import { KyselyScanRepository } from './repositories/scans.js';
import { KyselyTaskRepository } from './repositories/tasks.js';
import { KyselyLeaseRepository } from './repositories/leases.js';
import { PgChangeFeed, type ChangeFeed } from './change-feed.js';
import type pg from 'pg';
import type { Database } from './schema.js';
import { KyselyCredentialRepository } from './repositories/credentials.js';
import { KyselyHubRepository } from './repositories/hubs.js';
import { KyselyImportJobRepository } from './repositories/import-jobs.js';
import { KyselyShareRepository } from './repositories/shares.js';
import { KyselyBackupRepository } from './repositories/backup.js';
import { KyselyPublishUploadRepository } from './repositories/publish-uploads.js';
import type { BackupRepository, CredentialRepository, HubRepository, ImportJobRepository, PublishUploadRepository, ShareRepository } from './store.js';
import type { LeaseRepository, StoreCounts, TaskRepository } from './store.js';
import type { ApiKeyRepository, AuditRepository, SkillConfigRepository, Store, TeamRepository, UserRepository, WebhookRepository, ScanRepository } from './store.js';

/** The Store over Kysely; the same code runs on SQLite and PostgreSQL. */
export class KyselyStore implements Store {
  readonly users: UserRepository;
  readonly teams: TeamRepository;
  readonly keys: ApiKeyRepository;
  readonly audit: AuditRepository;
  readonly configs: SkillConfigRepository;
  readonly webhooks: WebhookRepository;
  readonly scans: ScanRepository;
  readonly tasks: TaskRepository;
  readonly leases: LeaseRepository;
  readonly changes: ChangeFeed | undefined;
  readonly credentials: CredentialRepository;
  readonly hubs: HubRepository;
  readonly importJobs: ImportJobRepository;
  readonly shares: ShareRepository;
  readonly backup: BackupRepository;
  readonly publishUploads: PublishUploadRepository;

  constructor(
    private readonly db: Kysely<Database>,
    readonly dialect: Dialect,
    readonly location: string,
    private readonly root = true,
    private readonly connection?: Pick<Connection, 'listenClient' | 'pool'>,
  ) {
    this.users = new KyselyUserRepository(db);
    this.teams = new KyselyTeamRepository(db);
    this.keys = new KyselyApiKeyRepository(db);
    this.audit = new KyselyAuditRepository(db);
    this.configs = new KyselySkillConfigRepository(db);
    this.webhooks = new KyselyWebhookRepository(db);
    this.scans = new KyselyScanRepository(db);
    this.tasks = new KyselyTaskRepository(db);
    this.leases = new KyselyLeaseRepository(db);
    this.changes = root && connection?.listenClient ? new PgChangeFeed({ client: connection.listenClient }) : undefined;
    this.credentials = new KyselyCredentialRepository(db);
    this.hubs = new KyselyHubRepository(db);
    this.importJobs = new KyselyImportJobRepository(db);
    this.shares = new KyselyShareRepository(db);
    this.backup = new KyselyBackupRepository(db, dialect);
    this.publishUploads = new KyselyPublishUploadRepository(db);
  }

  static fromConnection(connection: Connection): KyselyStore {
    return new KyselyStore(connection.db, connection.dialect, connection.location, true, connection);
  }

  get kysely(): Kysely<Database> {
    return this.db;
  }

  async transaction<T>(work: (store: Store) => Promise<T>): Promise<T> {
    if (!this.root) return work(this);
    return this.db.transaction().execute((trx) => work(new KyselyStore(trx, this.dialect, this.location, false)));
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  async counts(): Promise<StoreCounts> {
    const byStatus = async (table: 'scan_jobs' | 'tasks' | 'webhook_deliveries') => {
      const rows = await this.db.selectFrom(table).select((eb) => ['status', eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
      return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
    };
    const [scanJobs, tasks, deliveries, tokens] = await Promise.all([
      byStatus('scan_jobs'),
      byStatus('tasks'),
      byStatus('webhook_deliveries'),
      this.db.selectFrom('tasks').select((eb) => [eb.fn.sum<number>('prompt_tokens').as('prompt'), eb.fn.sum<number>('completion_tokens').as('completion')]).executeTakeFirst(),
    ]);
    return { scanJobs, tasks, deliveries, tokens: { prompt: Number(tokens?.prompt ?? 0), completion: Number(tokens?.completion ?? 0) } };
  }

  poolUsage(): { total: number; idle: number; waiting: number } | undefined {
    const pool: pg.Pool | undefined = this.connection?.pool;
    return pool ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } : undefined;
  }

  async close(): Promise<void> {
    if (!this.root) return;
    await this.changes?.stop();
    await this.db.destroy();
  }
}
