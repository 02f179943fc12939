import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * A response body serialised once, with the validator that names it. Kept as bytes so no request
 * pays for encoding it again; the gzip form is made on first demand and kept too.
 */
export interface CachedBody {
  json: Buffer;
  etag: string;
  gzip?: Buffer;
}

/** Bodies smaller than this are sent as they are: compressing them saves nothing. */
const COMPRESS_FROM = 1024;

export function cachedBody(value: unknown): CachedBody {
  const json = Buffer.from(JSON.stringify(value));
  const etag = `W/"${createHash('sha1').update(json).digest('base64url')}"`;
  return { json, etag };
}

/** Memoises the serialised form of an immutable object (a catalog entry or snapshot view). */
export function memoBody<K extends object>(cache: WeakMap<K, CachedBody>, key: K, build: () => unknown): CachedBody {
  let body = cache.get(key);
  if (!body) {
    body = cachedBody(build());
    cache.set(key, body);
  }
  return body;
}

/**
 * Sends a pre-serialised JSON body with its ETag, or 304 when the caller already has it. Routes
 * using this turn the generic compression plugin off (`compress: false`): the body is compressed
 * here once, not on every request.
 */
export function sendJson(request: FastifyRequest, reply: FastifyReply, body: CachedBody): FastifyReply {
  reply.header('etag', body.etag).header('cache-control', 'no-cache').header('vary', 'Accept-Encoding, Authorization, X-API-Key');
  if (matches(request.headers['if-none-match'], body.etag)) return reply.code(304).send();
  reply.type('application/json; charset=utf-8');
  if (body.json.byteLength >= COMPRESS_FROM && acceptsGzip(request.headers['accept-encoding'])) {
    body.gzip ??= gzipSync(body.json);
    return reply.header('content-encoding', 'gzip').send(body.gzip);
  }
  return reply.send(body.json);
}

/** Whether the caller's Accept-Encoding takes gzip. */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding !== 'gzip' && coding !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/** Whether an If-None-Match header names this ETag. */
export function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === bare;
  });
}
