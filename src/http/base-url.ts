import type { FastifyRequest } from 'fastify';

/** The URL this server is reached at: SKILLPORT_PUBLIC_URL when set, else the request's own scheme and host. */
export function baseUrl(request: FastifyRequest, publicUrl: string | undefined): string {
  return publicUrl ?? `${request.protocol}://${request.host}`;
}
