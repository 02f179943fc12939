import compress from '@fastify/compress';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import type { AuditService } from '../auth/audit.js';
import type { IdentityService } from '../auth/identity-service.js';
import { anonymousAuthenticator, type Authenticator } from '../auth/principal.js';
import type { Store } from '../store/index.js';
import type { Catalog } from '../catalog/index.js';
import type { CatalogQueryService } from '../catalog/query.js';
import type { Logger } from '../util/logger.js';
import { DiscoveryService, InstallScript, type Artifacts } from '../gateway/index.js';
import { artifactRoutes } from './routes/artifacts.js';
import { discoveryRoutes } from './routes/discovery.js';
import { indexReportRoutes } from './routes/index-report.js';
import { bootstrapRoutes } from './routes/bootstrap.js';
import { installScriptRoutes } from './routes/install-script.js';
import { callerAudience } from './audiences.js';
import { shareRoutes } from './routes/shares.js';
import { Share } from './schemas/shares.js';
import type { ShareService } from '../auth/share-service.js';
import { shareAudience } from '../gateway/index.js';
import { lazyChildLogger } from './lazy-child-logger.js';
import { registerErrorHandling } from './plugins/errors.js';
import { registerOpenApi, registerOpenApiRoute } from './plugins/openapi.js';
import { registerRequestContext, requestId } from './plugins/request-context.js';
import { healthRoutes, type Readiness } from './routes/health.js';
import { skillsV1Routes } from './routes/skills-v1.js';
import { catalogRoutes } from './routes/catalog.js';
import { registerAccessControl } from './plugins/access.js';
import { registerRateLimit } from './plugins/rate-limit.js';
import { registerValidation } from './plugins/validation.js';
import { auditRoutes } from './routes/audit.js';
import { configRoutes } from './routes/configs.js';
import { sourceRoutes } from './routes/sources.js';
import { templateRoutes } from './routes/templates.js';
import type { ConfigService } from '../sources/config/service.js';
import type { TemplateService } from '../sources/templates/service.js';
import type { SkillSource } from '../sources/index.js';
import { keyRoutes } from './routes/keys.js';
import { meRoutes } from './routes/me.js';
import { teamRoutes } from './routes/teams.js';
import { userRoutes } from './routes/users.js';
import { eventRoutes } from './routes/events.js';
import { webhookRoutes } from './routes/webhooks.js';
import { scanningRoutes, type ScanningDeps } from './routes/scanning.js';
import { taskRoutes } from './routes/tasks.js';
import { generateRoutes } from './routes/generate.js';
import { metricsRoutes } from './routes/metrics.js';
import type { ServerMetrics } from '../metrics/server-metrics.js';
import { appendRouteHook } from './plugins/route-hooks.js';
import { uiRoutes } from './routes/ui.js';
import { validateRoutes } from './routes/validate.js';
import { webRoutes } from './routes/web.js';
import type { OidcLogin } from '../auth/oidc-login.js';
import type { WebAsset } from './web-assets.js';
import { mcpRoutes } from './routes/mcp.js';
import { promptBlockRoutes } from './routes/prompt-block.js';
import { artifactContent } from '../mcp/content.js';
import { McpCatalog } from '../mcp/reader.js';
import { McpSessions, type McpSessionLimits } from '../mcp/sessions.js';
import type { TaskService } from '../tasks/service.js';
import type { SkillGenerator } from '../tasks/generation/service.js';
import type { WebhookService } from '../webhooks/service.js';
import { Diagnostic, ErrorBody } from './schemas/common.js';
import { ApiKey, AuditEntry, Team, User } from './schemas/identity.js';
import { AgentSkill } from './schemas/configs.js';
import { SkillFile, SkillSummary } from './schemas/skills.js';
import { Hub, ImportJob } from './schemas/imports.js';
import { importRoutes } from './routes/imports.js';
import { hubRoutes } from './routes/hubs.js';
import { credentialRoutes } from './routes/credentials.js';
import type { ImportService } from '../imports/import-service.js';
import type { HubService } from '../imports/hub-service.js';
import type { CredentialService } from '../imports/credentials.js';
import { ClawHubCatalog, PublishService, UploadSlots } from '../clawhub/index.js';
import { CLAWHUB_PREFIX, clawhubDiscoveryRoutes, clawhubRoutes } from './routes/clawhub.js';

export interface ServerDeps {
  catalog: Catalog;
  /** Browsing, search, visibility and quarantine for every channel. */
  query: CatalogQueryService;
  /** Files, digests and bundles of skill versions. */
  artifacts: Artifacts;
  /** The discovery indexes; made from query and artifacts when not given. */
  discovery?: DiscoveryService;
  logger: Logger;
  readiness: Readiness;
  version: string;
  authenticator?: Authenticator;
  store: Store;
  identity: IdentityService;
  audit: AuditService;
  configs: ConfigService;
  templates: TemplateService;
  sources: SkillSource[];
  webhooks: WebhookService;
  /** The change stream's timing; defaults suit production (tests shorten them). */
  events?: { heartbeatMs?: number; maxBufferedBytes?: number };
  /** Requests per minute per caller; 0 for no limit. */
  rateLimitPerMinute: number;
  /** Scan results, scan jobs and the quarantine policy. */
  scanning: ScanningDeps;
  /** Tasks (`/api/v1/tasks`); the routes are left out when not given. */
  tasks?: TaskService;
  /** AI-assisted skill writing (`/api/skills/generate`); left out when not given. */
  generator?: SkillGenerator;
  /** The web UI: whether anonymous reads are allowed, browser sign-in, and its built files (read from dist/web when not given). */
  ui?: { publicRead: boolean; oidc?: OidcLogin; assets?: Map<string, WebAsset> | null };
  /** MCP session expiry and caps; defaults suit production. */
  mcp?: Partial<McpSessionLimits>;
  /** Browser origins besides the server's own that may call `/mcp`. */
  mcpAllowedOrigins?: readonly string[];
  /** Imports from git, hubs and the credentials they use; the routes are left out when not given. */
  imports?: { imports: ImportService; hubs: HubService; credentials: CredentialService };
  /** Request counting and `/metrics`; left out when not given. */
  metrics?: ServerMetrics;
  /** Share links (`/api/shares`, `/s/{token}/...`); left out when not given. */
  shares?: ShareService;
  /** SKILLPORT_PUBLIC_URL: the base of links the server hands out; the request's host when unset. */
  publicUrl?: string;
}

/** Assembles the HTTP server: cross-cutting plugins first, then one module per resource. */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    genReqId: requestId,
    childLoggerFactory: lazyChildLogger,
    // One log line per request is written on response, with the fields we choose.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 300, ignoreTrailingSlash: true },
    // Malformed URLs (bad percent-encoding) never reach a route; answer them in the same envelope.
    frameworkErrors: (err, _request, reply) => {
      const bad = err.code === 'FST_ERR_BAD_URL';
      void (reply as FastifyReply).code(400).send({ error: bad ? 'Malformed URL: check its percent-encoding' : err.message, code: bad ? 'bad_url' : 'bad_request' });
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  await registerOpenApi(app, deps.version);
  registerValidation(app);
  for (const schema of [ErrorBody, Diagnostic, SkillSummary, SkillFile, User, Team, ApiKey, AuditEntry, AgentSkill, Hub, ImportJob, Share]) app.addSchema(schema);
  // Responses only: request bodies are small JSON, and a decompression hook on every route would
  // cost every request (measured: a fifth of the skill GET's throughput) for nothing.
  await app.register(compress, { global: true, globalDecompression: false, threshold: 1024, encodings: ['gzip', 'br', 'deflate'] });
  registerErrorHandling(app);
  if (deps.metrics) countRequests(app, deps.metrics);
  registerRequestContext(app, deps.authenticator ?? anonymousAuthenticator);
  if (deps.rateLimitPerMinute > 0) await registerRateLimit(app, deps.rateLimitPerMinute);
  registerAccessControl(app, deps.audit);

  await app.register(healthRoutes, { catalog: deps.catalog, readiness: deps.readiness, version: deps.version });
  await app.register(skillsV1Routes, { catalog: deps.catalog, query: deps.query });
  await app.register(catalogRoutes, { catalog: deps.catalog, query: deps.query });
  const discovery = deps.discovery ?? new DiscoveryService(deps.query, deps.artifacts, deps.logger);
  await app.register(artifactRoutes, { query: deps.query, artifacts: deps.artifacts });
  await app.register(discoveryRoutes, { query: deps.query, artifacts: deps.artifacts, discovery, audience: callerAudience, base: '', listPath: '/api/skills/install.tsv', tag: 'discovery' });
  if (deps.shares) {
    const shares = deps.shares;
    await app.register(shareRoutes, { shares, publicUrl: deps.publicUrl });
    // The same indexes and artifacts under a share link, answering for the share instead of the caller.
    await app.register(discoveryRoutes, {
      query: deps.query,
      artifacts: deps.artifacts,
      discovery,
      audience: async (request) => {
        const { share, principal } = await shares.resolve((request.params as { token: string }).token);
        return shareAudience(share, principal);
      },
      base: '/s/:token',
      listPath: '/s/:token/api/skills/install.tsv',
      tag: 'shares',
    });
  }
  await app.register(indexReportRoutes, { discovery });
  await app.register(bootstrapRoutes, { publicUrl: deps.publicUrl });
  await app.register(installScriptRoutes, { script: new InstallScript(), publicUrl: deps.publicUrl });
  await app.register(meRoutes, { store: deps.store });
  await app.register(keyRoutes, { identity: deps.identity });
  await app.register(userRoutes, { identity: deps.identity });
  await app.register(teamRoutes, { identity: deps.identity });
  await app.register(auditRoutes, { store: deps.store });
  await app.register(configRoutes, { configs: deps.configs });
  await app.register(templateRoutes, { templates: deps.templates });
  await app.register(sourceRoutes, { catalog: deps.catalog, sources: deps.sources, scanning: deps.scanning.progress, hubs: deps.imports?.hubs });
  await app.register(eventRoutes, {
    catalog: deps.catalog,
    ...deps.events,
    authenticator: deps.authenticator ?? anonymousAuthenticator,
    onIdentityChange: (listener) => deps.identity.onChange(listener),
  });
  await app.register(webhookRoutes, { webhooks: deps.webhooks });
  await app.register(scanningRoutes, deps.scanning);
  if (deps.tasks) await app.register(taskRoutes, { tasks: deps.tasks, heartbeatMs: deps.events?.heartbeatMs });
  if (deps.generator) await app.register(generateRoutes, { generator: deps.generator, heartbeatMs: deps.events?.heartbeatMs });
  await app.register(validateRoutes);
  await app.register(uiRoutes, { version: deps.version, publicRead: deps.ui?.publicRead ?? false, oidc: deps.ui?.oidc });
  await app.register(webRoutes, { assets: deps.ui?.assets });
  const mcpSessions = new McpSessions({
    catalog: new McpCatalog(deps.query, artifactContent(deps.artifacts)),
    events: deps.catalog.log,
    version: deps.version,
    logger: deps.logger,
    limits: deps.mcp,
  });
  await app.register(promptBlockRoutes, { query: deps.query });
  app.decorate('mcpSessions', mcpSessions);
  await app.register(mcpRoutes, { sessions: mcpSessions, bodyLimit: 1024 * 1024, allowedOrigins: deps.mcpAllowedOrigins });
  if (deps.imports) {
    await app.register(importRoutes, { imports: deps.imports.imports });
    await app.register(hubRoutes, { hubs: deps.imports.hubs });
    await app.register(credentialRoutes, { credentials: deps.imports.credentials });
  }
  if (deps.metrics) await app.register(metricsRoutes, { metrics: deps.metrics });
  const uploads = new UploadSlots(deps.store);
  await app.register(clawhubRoutes, {
    prefix: CLAWHUB_PREFIX,
    catalog: new ClawHubCatalog(deps.query, deps.artifacts),
    publish: new PublishService({ store: deps.store, configs: deps.configs, scans: deps.scanning.scans, query: deps.query, uploads, audit: deps.audit }),
    uploads,
    store: deps.store,
    publicUrl: deps.publicUrl,
  });
  await app.register(clawhubDiscoveryRoutes, { publicUrl: deps.publicUrl });
  registerOpenApiRoute(app);
  return app;
}

/** Each route counts its own answers into a tally made when it registers: no per-request lookup of the route. */
function countRequests(app: FastifyInstance, metrics: ServerMetrics): void {
  app.addHook('onRoute', (route) => {
    // A route serving several methods is counted under the first; ours serve one each.
    const method = [route.method].flat().find((m) => m !== 'HEAD');
    if (!method) return;
    const tally = metrics.requests.route(route.url, method);
    const count = (_request: unknown, reply: FastifyReply, done: () => void) => {
      metrics.requests.observe(tally, reply.statusCode, reply.elapsedTime / 1000);
      done();
    };
    appendRouteHook(route, 'onResponse', count);
  });
}
