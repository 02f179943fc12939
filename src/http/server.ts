import compress from '@fastify/compress';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import { anonymousAuthenticator, type Authenticator } from '../auth/principal.js';
import type { Catalog } from '../catalog/index.js';
import type { Logger } from '../util/logger.js';
import { registerErrorHandling } from './plugins/errors.js';
import { registerOpenApi, registerOpenApiRoute } from './plugins/openapi.js';
import { registerRequestContext, requestId } from './plugins/request-context.js';
import { healthRoutes, type Readiness } from './routes/health.js';
import { skillsV1Routes } from './routes/skills-v1.js';
import { Diagnostic, ErrorBody } from './schemas/common.js';
import { SkillFile, SkillSummary } from './schemas/skills.js';

export interface ServerDeps {
  catalog: Catalog;
  logger: Logger;
  readiness: Readiness;
  version: string;
  authenticator?: Authenticator;
}

/** Assembles the HTTP server: cross-cutting plugins first, then one module per resource. */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    genReqId: requestId,
    // One log line per request is written on response, with the fields we choose.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 300, ignoreTrailingSlash: true },
    // Malformed URLs (bad percent-encoding) never reach a route; answer them in the same envelope.
    frameworkErrors: (err, _request, reply) => {
      const bad = err.code === 'FST_ERR_BAD_URL';
      void (reply as FastifyReply).code(400).send({ error: bad ? 'Malformed URL: check its percent-encoding' : err.message, code: bad ? 'bad_url' : 'bad_request' });
    },
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  await registerOpenApi(app, deps.version);
  for (const schema of [ErrorBody, Diagnostic, SkillSummary, SkillFile]) app.addSchema(schema);
  await app.register(compress, { global: true, threshold: 1024, encodings: ['gzip', 'br', 'deflate'] });
  registerErrorHandling(app);
  registerRequestContext(app, deps.authenticator ?? anonymousAuthenticator);

  await app.register(healthRoutes, { catalog: deps.catalog, readiness: deps.readiness, version: deps.version });
  await app.register(skillsV1Routes, { catalog: deps.catalog });
  registerOpenApiRoute(app);
  return app;
}
