import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { Logger } from '../../util/logger.js';
import { AppError } from '../../util/app-error.js';
import { ANONYMOUS, type Authenticator, type Principal } from '../../auth/principal.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling; set for every request before any route handler runs. */
    principal: Principal;
    /** Why the presented credentials were refused; raised once access is decided. */
    authError: AppError | null;
  }
}

const CALLER_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Keeps a caller's `X-Request-Id` when it is sane, otherwise makes one. */
export function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && CALLER_REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * Per-request context: the request id echoed back, one structured log line per response, and the
 * caller's principal resolved by the configured authenticator. Routes only ever read
 * `request.principal`; swapping the authenticator changes who callers are without touching them.
 */
export function registerRequestContext(app: FastifyInstance, authenticator: Authenticator): void {
  app.decorateRequest('principal', null as unknown as Principal);
  app.decorateRequest('authError', null);
  // Callback-style hooks: this runs on every request, and a request without credentials (or
  // with a cached key) should not pay for promise plumbing.
  app.addHook('onRequest', (request: FastifyRequest, reply, done) => {
    reply.header('x-request-id', request.id);
    const known = authenticator.peek?.(request);
    if (known) {
      request.principal = known;
      return done();
    }
    authenticator.authenticate(request).then(
      (principal) => {
        request.principal = principal;
        done();
      },
      (err: unknown) => {
        // Held back so rate limiting sees the attempt before it is refused.
        if (!(err instanceof AppError)) return done(err as Error);
        request.principal = ANONYMOUS;
        request.authError = err;
        done();
      },
    );
  });
  // The per-request line is written at info; below that level the hook is not installed at all.
  if (!(app.log as Logger).isLevelEnabled('info')) return;
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      {
        method: request.method,
        path: request.routeOptions.url ?? request.url.split('?')[0],
        status: reply.statusCode,
        duration_ms: Math.round(reply.elapsedTime * 100) / 100,
        principal: request.principal.id ?? request.principal.kind,
      },
      'request',
    );
    done();
  });
}
