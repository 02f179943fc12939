import type { FastifyReply, FastifyRequest } from 'fastify';

export interface BytesResponse {
  bytes: Buffer;
  /** `sha256:<hex>` of `bytes`: the strong ETag. */
  digest: string;
  type: string;
  /** Offered as a download under this name. */
  filename?: string;
  /** Whether the answer depends on a secret (key or share token): then no shared cache may keep it. */
  private: boolean;
}

/**
 * Sends exact bytes with their digest as a strong ETag, or 304 when the caller has them. The bytes
 * are never re-encoded (routes using this turn compression off), so what a client hashes is what
 * the digest says. GET answers carry CORS headers: indexes and artifacts are meant to be read by
 * installers and pages on other origins.
 */
export function sendBytes(request: FastifyRequest, reply: FastifyReply, body: BytesResponse): FastifyReply {
  const etag = `"${body.digest}"`;
  reply
    .header('etag', etag)
    .header('cache-control', body.private ? 'private, no-cache' : 'public, no-cache')
    .header('vary', 'Authorization, X-API-Key')
    .header('access-control-allow-origin', '*')
    .header('access-control-expose-headers', 'ETag, Content-Length, Content-Disposition')
    .header('x-content-type-options', 'nosniff');
  if (body.filename) reply.header('content-disposition', `attachment; filename="${body.filename}"`);
  if (ifNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send();
  return reply.type(body.type).header('content-length', body.bytes.byteLength).send(body.bytes);
}

function ifNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}
