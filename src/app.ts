// First, before any other module runs: see the module's comment.
import './util/settle-next-tick.js';
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { Catalog } from './catalog/index.js';
import { ShareService } from './auth/share-service.js';
import { CatalogQueryService } from './catalog/query.js';
import { ChangeListener, followStoreChanges } from './cluster/index.js';
import { ServerMetrics } from './metrics/server-metrics.js';
import type { Config } from './config.js';
import { packageVersion } from './util/package-version.js';
import { buildServer } from './http/server.js';
import { FilesystemSource, type SkillSource } from './sources/index.js';
import { AuditService, CONSOLE } from './auth/audit.js';
import { SYSTEM } from './auth/principal.js';
import { ConfigService } from './sources/config/service.js';
import { ConfigSource } from './sources/config/source.js';
import { TemplateService } from './sources/templates/service.js';
import { loadTemplates } from './sources/templates/templates.js';
import { IdentityService } from './auth/identity-service.js';
import { OidcVerifier } from './auth/oidc.js';
import { OidcLogin } from './auth/oidc-login.js';
import { RequestAuthenticator } from './auth/request-authenticator.js';
import { openStore, type Store } from './store/index.js';
import { createLogger, type Logger } from './util/logger.js';
import { WebhookDispatcher } from './webhooks/dispatcher.js';
import { WebhookService } from './webhooks/service.js';
import { BackgroundScanner, ExternalAnalyzer, QuarantineService, ScanJobService, ScanService } from './scanning/index.js';
import { Artifacts } from './gateway/index.js';
import { createModelProvider, SkillGenerator, TaskService, type RunGate } from './tasks/index.js';
import { SecretBox } from './auth/secret-box.js';
import { CredentialService } from './imports/credentials.js';
import { HubService } from './imports/hub-service.js';
import { ImportService } from './imports/import-service.js';
import { HubSource } from './sources/hub/source.js';

export interface Skillport {
  config: Config;
  catalog: Catalog;
  /** The catalog query service every channel reads through. */
  query: CatalogQueryService;
  /** Files, digests and bundles of every skill version, for every distribution channel. */
  artifacts: Artifacts;
  sources: SkillSource[];
  server: FastifyInstance;
  store: Store;
  identity: IdentityService;
  /** Webhook management and the dispatcher that sends deliveries. */
  webhooks: { service: WebhookService; dispatcher: WebhookDispatcher };
  /** Scanning: results, the background scanner, scan jobs and the quarantine policy. */
  scanning: { scans: ScanService; background: BackgroundScanner; jobs: ScanJobService; quarantine: QuarantineService };
  logger: Logger;
  /** Set on the very first start: the owner key created then. Show it once; it is not stored. */
  firstStart: { key: string; generated: boolean } | null;
  /** Tasks run against the model provider. */
  tasks: TaskService;
  /**
   * Changes made by other nodes sharing the database, applied to this node's memory. A part that
   * keeps rows of a table in memory registers here: `cluster.on('table', { changed, reloadAll })`.
   */
  cluster: ChangeListener;
  /** Names this process in the database (connections, leases, change origins). */
  instanceId: string;
  /** Imports from git, hubs, and the credentials they use. */
  imports: { imports: ImportService; hubs: HubService; credentials: CredentialService; hubSource: HubSource };
  /** Starts listening; resolves to the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export interface CreateOptions {
  logger?: Logger;
  /** How long shutdown waits for open requests before cutting their connections. */
  shutdownGraceMs?: number;
  /** Whether a skill may run in a task now; by default the quarantine policy decides. */
  runGate?: RunGate;
}

/**
 * Wires the parts together: sources feed the catalog, the HTTP server reads it. Sources finish
 * their first load before this resolves, so a server that is listening already has its skills.
 */
export async function createSkillport(config: Config, options: CreateOptions = {}): Promise<Skillport> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  await mkdir(config.dataDir, { recursive: true });
  // Unique per process, even for several nodes on one host (or in one test process).
  const instanceId = `skillport/${config.nodeId}`.slice(0, 50) + `/${randomBytes(4).toString('hex')}`;
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, instanceId });
  logger.info({ backend: store.dialect, location: store.location }, 'store ready');
  // Listening starts before anything is loaded, so a change made meanwhile is applied after the load.
  const metrics = new ServerMetrics();
  const cluster = new ChangeListener(store.changes, {
    instanceId,
    logger,
    applied: (table, lagMs) => metrics.propagation.observe({ table }, lagMs / 1000),
    resynced: () => metrics.resyncs.inc(),
  });
  await cluster.start();
  const audit = new AuditService(store, logger);
  const identity = new IdentityService(store, audit);
  const firstStart = await identity.bootstrap(config.bootstrapKey);
  const authenticator = new RequestAuthenticator({
    identity,
    tokens: config.oidc ? new OidcVerifier(config.oidc, { logger }) : undefined,
    publicRead: config.publicRead,
    logger,
    metricsToken: config.metricsToken,
  });

  const catalog = new Catalog();
  const configSource = new ConfigSource(store, logger);
  const hubSource = new HubSource(store, logger);
  const sources: SkillSource[] = [
    new FilesystemSource({ dirs: config.skillsPaths, watch: config.watch, limits: { maxFileBytes: config.maxSkillBytes }, logger }),
    configSource,
    hubSource,
  ];
  const external = config.externalScanner ? new ExternalAnalyzer(config.externalScanner) : undefined;
  const scans = new ScanService({ store, sources, logger, external, counted: (trigger, verdict) => metrics.scans.inc({ trigger, verdict }) });
  await scans.load();
  const configs = new ConfigService(store, audit, configSource, scans);
  const scanJobs = new ScanJobService(store, catalog, scans, audit, logger, { staleAfterMs: config.scanJobStaleMs, holder: instanceId });
  const quarantine = new QuarantineService(store, scans.state, catalog, audit);
  const backgroundScanner = new BackgroundScanner(catalog, scans, logger);
  const templates = new TemplateService(loadTemplates(), store, configs);
  const credentials = new CredentialService(store, SecretBox.fromConfig(config.secretKey, config.dataDir), audit);
  const gitAccess = { githubApiUrl: config.git.githubApiUrl, limits: config.git.limits, policy: { allowPrivate: config.git.allowPrivate } };
  const imports = new ImportService({ store, git: gitAccess, credentials, scans, configs, audit, logger, nodeId: config.nodeId });
  const hubs = new HubService({ store, git: gitAccess, credentials, scans, source: hubSource, audit, logger, nodeId: instanceId, checkMs: config.hubCheckMs, claimMs: config.hubClaimMs });
  const dispatcher = new WebhookDispatcher({
    store,
    log: catalog.log,
    logger,
    generation: () => catalog.generation,
    retryBaseMs: config.webhookRetryBaseMs,
  });
  const webhooks = new WebhookService(store, audit, dispatcher);
  let ready = false;
  let closing = false;
  const modelProvider = config.model ? createModelProvider(config.model, logger) : undefined;
  const tasks = new TaskService({
    store,
    catalog,
    audit,
    logger,
    provider: modelProvider,
    runGate: options.runGate ?? ((entry) => {
      const decision = scans.state.decisionFor(entry);
      return decision.runnable ? { blocked: false } : { blocked: true, reason: decision.blocked_reason ?? `Skill ${entry.name} is quarantined` };
    }),
    nodeId: config.nodeId,
    concurrency: config.taskConcurrency,
    allowedModels: config.model?.allowedModels,
  });
  const generator = new SkillGenerator({ provider: modelProvider, audit, logger });
  const query = new CatalogQueryService(catalog, scans.state, logger);
  const shares = new ShareService(store, audit, (principal, name) => query.versions(principal, name) !== undefined, identity);
  const artifacts = new Artifacts({ sources, maxBytes: config.maxBundleBytes, logger });
  const server = await buildServer({
    catalog,
    query,
    artifacts,
    logger,
    version: await packageVersion(),
    // A node that cannot hear other nodes' changes may serve stale answers: it is not ready.
    readiness: { ready: () => ready && !closing && cluster.connected, check: () => store.ping() },
    store,
    identity,
    audit,
    configs,
    templates,
    sources,
    authenticator,
    webhooks,
    events: { heartbeatMs: config.sseHeartbeatMs },
    mcp: { idleMs: config.mcpSessionIdleMs, perCaller: config.mcpSessionsPerCaller },
    mcpAllowedOrigins: config.mcpAllowedOrigins,
    rateLimitPerMinute: config.rateLimitPerMinute,
    scanning: { catalog, scans, jobs: scanJobs, quarantine, progress: () => backgroundScanner.progress() },
    tasks,
    generator,
    ui: {
      publicRead: config.publicRead,
      oidc: config.oidc?.clientId ? new OidcLogin({ ...config.oidc, clientId: config.oidc.clientId }, { logger }) : undefined,
    },
    imports: { imports, hubs, credentials },
    metrics,
    shares,
    publicUrl: config.publicUrl,
  });
  metrics.bind({ catalog, store, cluster, scanQueue: () => backgroundScanner.progress() });

  const started = Date.now();
  await Promise.all(sources.map((source) => source.start((state, changed, meta) => catalog.update(source.key, state, changed, meta))));
  // Only a database with no built-in rows at all is seeded: a template an admin deleted stays deleted.
  if (config.autoSeed && (await configs.systemCount()) === 0) {
    const seeded = await templates.seed({ principal: SYSTEM, ...CONSOLE });
    logger.info({ imported: seeded.imported.length, errors: seeded.errors.length }, 'packaged templates imported');
  }
  // Subscribed after the first load, so a restart does not announce every skill as created;
  // deliveries left pending by the last run are sent again.
  await dispatcher.start();
  backgroundScanner.start();
  await scanJobs.start();
  // Tasks a previous run left unfinished are marked failed before any new one is taken.
  await tasks.start();
  followStoreChanges(cluster, { store, configSource, scanState: scans.state, identity, shares });
  cluster.activate();
  await imports.start();
  hubs.start();
  ready = true;
  const snapshot = catalog.snapshot();
  logger.info({ skills: snapshot.size, errors: snapshot.errors.length, ms: Date.now() - started, dirs: config.skillsPaths }, 'catalog loaded');

  return {
    config,
    catalog,
    query,
    artifacts,
    sources,
    server,
    store,
    identity,
    webhooks: { service: webhooks, dispatcher },
    scanning: { scans, background: backgroundScanner, jobs: scanJobs, quarantine },
    logger,
    firstStart,
    tasks,
    cluster,
    instanceId,
    imports: { imports, hubs, credentials, hubSource },
    async listen() {
      return server.listen({ host: config.host, port: config.port });
    },
    async close() {
      closing = true;
      // Running tasks are stopped and stored as failed while their streams can still say so.
      await tasks.stop();
      // Idle keep-alive connections close at once; a request still open gets a grace period.
      const grace = setTimeout(() => server.server.closeAllConnections(), options.shutdownGraceMs ?? 5_000);
      await server.close();
      clearTimeout(grace);
      query.close();
      await dispatcher.stop();
      await Promise.all([backgroundScanner.stop(), scanJobs.stop(), hubs.stop(), imports.stop()]);
      await Promise.all(sources.map((source) => source.stop()));
      await cluster.stop();
      await store.close();
    },
  };
}

export { packageVersion } from './util/package-version.js';
