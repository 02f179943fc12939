import type { FastifyError, FastifyInstance } from 'fastify';
import { isDatabaseUnavailable } from '../../store/errors.js';
import { AppError } from '../../util/app-error.js';

/**
 * One error envelope for every failure: `{error, code, ...}`. Client mistakes become 4xx with a
 * message that says what to fix; anything unexpected is logged with its request id and answered
 * with a 500 that reveals nothing of the internals.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    if (err instanceof AppError) {
      return reply.code(err.statusCode).headers(err.headers).send({ error: err.message, code: err.code, ...err.extra });
    }
    if (err.validation) {
      const details = err.validation.map((v) => ({
        location: err.validationContext ?? 'request',
        path: v.instancePath || (typeof v.params?.missingProperty === 'string' ? `/${v.params.missingProperty}` : ''),
        // Ajv's "must NOT have additional properties" does not say which one.
        message: typeof v.params?.additionalProperty === 'string' ? `has no field "${v.params.additionalProperty.slice(0, 64)}" (remove it)` : (v.message ?? 'is invalid'),
      }));
      const first = details[0];
      const message = first ? `Invalid ${first.location}: ${`${first.path.replace(/^\//, '').replace(/\//g, '.')} ${first.message}`.trim()}` : 'Invalid request';
      return reply.code(400).send({ error: message, code: 'invalid_request', details });
    }
    if (isDatabaseUnavailable(err)) {
      // Nothing was committed: the caller may safely try again.
      request.log.warn({ err: { message: err.message, code: (err as { code?: unknown }).code } }, 'database unavailable');
      return reply
        .code(503)
        .header('retry-after', '5')
        .send({ error: 'The database is not reachable right now; nothing was changed. Try again shortly.', code: 'database_unavailable' });
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send({ error: clientMessage(err), code: clientCode(err) });
    }
    request.log.error({ err }, 'request failed');
    return reply.code(500).send({ error: 'Internal server error', code: 'internal_error', request_id: request.id });
  });

  app.setNotFoundHandler((request, reply) => {
    // The removed /api/agent-skills family, every method and sub-path, points at its replacement.
    const pathname = request.url.split('?')[0]!;
    if (pathname === '/api/agent-skills' || pathname.startsWith('/api/agent-skills/')) {
      return reply.code(410).send({ error: 'Gone: /api/agent-skills was replaced by /api/skills/configs', code: 'gone', replacement: '/api/skills/configs' });
    }
    reply.code(404).send({ error: 'Not found', code: 'not_found', message: `No route for ${request.method} ${request.url.split('?')[0]}` });
  });
}

export function clientMessage(err: FastifyError): string {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return `Request body is not valid JSON: ${err.message}`;
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'Request body is too large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Unsupported Content-Type; send application/json';
    default:
      return err.message;
  }
}

export function clientCode(err: FastifyError): string {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'invalid_json';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'body_too_large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported_media_type';
    case 'FST_ERR_BAD_URL':
      return 'bad_url';
    default:
      return 'bad_request';
  }
}
