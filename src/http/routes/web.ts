import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../util/app-error.js';
import { acceptsGzip, matches } from '../plugins/caching.js';
import { loadWebAssets, type WebAsset } from '../web-assets.js';

/**
 * Paths that belong to the API and the distribution channels: never answered with the UI's page,
 * so a mistyped API path still gets the JSON 404 a client can read.
 */
const NOT_THE_UI = /^\/(api|\.well-known|mcp|s|clawhub|skills|metrics)(\/|$)|^\/(openapi\.json|healthz|readyz)$/;

/**
 * No inline script or style, nothing from another origin: markdown a skill carries cannot load or
 * run anything even if it got past the sanitizer.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/**
 * The web UI: the built files from memory, and its page for every client-side route (`/`,
 * `/skill/...`, `/admin/...`). Public, because signing in happens in the page itself; the page
 * holds no data, every API call it makes carries the person's own credentials.
 */
export const webRoutes: FastifyPluginAsync<{ assets?: Map<string, WebAsset> | null }> = async (app, opts) => {
  const assets = opts.assets === undefined ? loadWebAssets() : opts.assets;
  const page = assets?.get('index.html');

  app.get('/*', {
    config: { access: { public: true } },
    compress: false,
    schema: { hide: true },
  }, async (request, reply) => {
    // The router has already decoded the path (and refused malformed percent-encoding).
    const pathname = `/${(request.params as { '*': string })['*']}`;
    if (NOT_THE_UI.test(pathname)) return reply.callNotFound();
    const file = assets?.get(pathname.slice(1));
    if (file && pathname !== '/index.html') return send(request, reply, file);
    // Only a browser navigating gets the page for other paths; other clients get the JSON 404.
    if (pathname !== '/' && !wantsHtml(request)) return reply.callNotFound();
    if (/\.[a-z0-9]+$/i.test(pathname) && pathname.startsWith('/assets/')) return reply.callNotFound();
    if (!page) {
      return reply.code(503).type('text/plain; charset=utf-8').header('cache-control', 'no-store')
        .send('The web UI has not been built. Run `npm run build` (npm start does it for you) and restart the server.\n');
    }
    return send(request, reply, page);
  });
};

function send(request: FastifyRequest, reply: FastifyReply, file: WebAsset): FastifyReply {
  reply
    .header('cache-control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
    .header('etag', file.etag)
    .header('vary', 'Accept-Encoding')
    .header('x-content-type-options', 'nosniff');
  if (file.type.startsWith('text/html')) {
    reply
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('referrer-policy', 'no-referrer')
      .header('x-frame-options', 'DENY')
      .header('cross-origin-opener-policy', 'same-origin');
  }
  if (matches(request.headers['if-none-match'], file.etag)) return reply.code(304).send();
  reply.type(file.type);
  if (file.gzip && acceptsGzip(request.headers['accept-encoding'])) return reply.header('content-encoding', 'gzip').send(file.gzip);
  return reply.send(file.body);
}

function wantsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html');
}

function noRoute(request: FastifyRequest): AppError {
  return new AppError(404, 'not_found', 'Not found', { message: `No route for ${request.method} ${request.url.split('?')[0]}` });
}
