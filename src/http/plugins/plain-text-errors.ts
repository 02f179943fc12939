import type { FastifyError, FastifyInstance } from 'fastify';
import { isDatabaseUnavailable } from '../../store/errors.js';
import { AppError } from '../../util/app-error.js';
import { clientCode, clientMessage } from './errors.js';

/** What the `clawhub` CLI should tell its user for Skillport's authentication refusals. */
const HINTS: Record<string, string> = {
  authentication_required: 'Authentication required: log in with a Skillport API key (clawhub login --token sk_...)',
  // Worded without `token:`, which the CLI masks as if a secret followed.
  invalid_token: 'The API key was refused: Skillport does not know it, or it was revoked or has expired; log in again with a valid key (clawhub login --token sk_...)',
};

/**
 * Errors for clients that read them as plain text, the ClawHub CLI among them: the body is one
 * human sentence (the CLI prints it as it is), the status and headers are the usual ones
 * (`Retry-After` on 429 and 503, `WWW-Authenticate` on 401), and the stable machine-readable code
 * travels in `X-Skillport-Error`. Only the ambiguous-slug answer is JSON, in ClawHub's own
 * structured form. Applies to the routes of the plugin it is registered in.
 */
export function registerPlainTextErrors(app: FastifyInstance, area: string): void {
  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    const send = (status: number, code: string, text: string) =>
      reply.code(status).header('x-skillport-error', code).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send(text);
    if (err instanceof AppError) {
      void reply.headers(err.headers);
      if (err.code === 'AMBIGUOUS_SKILL_SLUG') return reply.code(err.statusCode).header('x-skillport-error', err.code).send({ code: err.code, message: err.message, ...err.extra });
      return send(err.statusCode, err.code, HINTS[err.code] ?? err.message);
    }
    if (err.validation) {
      const first = err.validation[0];
      const path = (first?.instancePath || (typeof first?.params?.missingProperty === 'string' ? `/${first.params.missingProperty}` : '')).replace(/^\//, '').replace(/\//g, '.');
      return send(400, 'invalid_request', `Invalid ${err.validationContext ?? 'request'}: ${`${path} ${first?.message ?? 'is invalid'}`.trim()}`);
    }
    if (isDatabaseUnavailable(err)) {
      request.log.warn({ err: { message: err.message, code: (err as { code?: unknown }).code } }, 'database unavailable');
      void reply.header('retry-after', '5');
      return send(503, 'database_unavailable', 'The database is not reachable right now; nothing was changed. Try again shortly.');
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) return send(status, clientCode(err), clientMessage(err));
    request.log.error({ err }, 'request failed');
    return send(500, 'internal_error', `Internal server error (request ${request.id}); the server log has the details`);
  });
  app.setNotFoundHandler((request, reply) => {
    void reply
      .code(404)
      .header('x-skillport-error', 'not_found')
      .type('text/plain; charset=utf-8')
      .send(`Not found: ${area} has no ${request.method} ${request.url.split('?')[0]!.slice(0, 200)}`);
  });
}
