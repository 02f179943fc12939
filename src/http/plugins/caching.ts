import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A response body serialised once, with the validator that names it. */
export interface CachedBody {
  json: string;
  etag: string;
}

export function cachedBody(value: unknown): CachedBody {
  const json = JSON.stringify(value);
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

/** Sends a pre-serialised JSON body with its ETag, or 304 when the caller already has it. */
export function sendJson(request: FastifyRequest, reply: FastifyReply, body: CachedBody): FastifyReply {
  reply.header('etag', body.etag).header('cache-control', 'no-cache').header('vary', 'Authorization, X-API-Key');
  if (matches(request.headers['if-none-match'], body.etag)) return reply.code(304).send();
  return reply.type('application/json; charset=utf-8').send(body.json);
}

function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === bare;
  });
}
