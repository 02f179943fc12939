import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { AppError } from '../util/app-error.js';
import { guardedLookup, isBlockedAddress, refusedAddress, unreachable, type OutboundPolicy } from './outbound.js';

export interface OutboundRequest {
  headers?: Record<string, string>;
  policy: OutboundPolicy;
  /** Aborts the request (and the body being read) when the import's time is up. */
  signal: AbortSignal;
  maxRedirects?: number;
}

export interface OutboundResponse {
  status: number;
  headers: IncomingMessage['headers'];
  /** The final URL, after redirects. */
  url: URL;
  body: IncomingMessage;
}

/**
 * GET with the outbound rules applied to every hop: only http(s), addresses checked after DNS
 * resolution at connect time, redirects followed by hand (each one checked again), and the
 * Authorization header dropped when a redirect leaves the host it was meant for.
 */
export async function outboundGet(target: string | URL, request: OutboundRequest): Promise<OutboundResponse> {
  let url = new URL(target);
  let headers = { ...request.headers };
  const originHost = url.host;
  for (let hop = 0; ; hop++) {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new AppError(400, 'protocol_not_allowed', `only https and http URLs can be fetched, not ${url.protocol.replace(':', '')}`);
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(literal) && !request.policy.allowPrivate && isBlockedAddress(literal)) throw refusedAddress(url.host);
    const response = await send(url, headers, request);
    const location = response.headers.location;
    if (response.statusCode && response.statusCode >= 300 && response.statusCode < 400 && location) {
      response.resume();
      if (hop >= (request.maxRedirects ?? 5)) throw new AppError(422, 'too_many_redirects', `${originHost} redirected more than ${request.maxRedirects ?? 5} times`);
      url = new URL(location, url);
      if (url.host !== originHost) {
        const { authorization: _dropped, Authorization: _dropped2, ...rest } = headers;
        headers = rest;
      }
      continue;
    }
    return { status: response.statusCode ?? 0, headers: response.headers, url, body: response };
  }
}

function send(url: URL, headers: Record<string, string>, request: OutboundRequest): Promise<IncomingMessage> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { method: 'GET', headers: { 'user-agent': 'skillport', ...headers }, lookup: guardedLookup(request.policy) as never, signal: request.signal });
    req.on('response', resolve);
    req.on('error', (err) => reject(networkError(err, url, request.signal)));
    req.end();
  });
}

/** Turns a socket-level failure into a 4xx that names the host, never the credentials. */
export function networkError(err: unknown, url: URL, signal: AbortSignal): AppError {
  if (err instanceof AppError) return err;
  if (signal.aborted) return timedOut(url.host);
  const code = (err as NodeJS.ErrnoException).code ?? 'error';
  if (code === 'ESKILLPORTBLOCKED') return refusedAddress(url.host);
  const why: Record<string, string> = {
    ENOTFOUND: 'the name does not resolve',
    EAI_AGAIN: 'the name does not resolve',
    ECONNREFUSED: 'the connection was refused',
    ECONNRESET: 'the connection was reset',
    ETIMEDOUT: 'the connection timed out',
    EHOSTUNREACH: 'no route to the host',
    ENETUNREACH: 'no route to the host',
  };
  return unreachable(url.host, why[code] ?? `network error (${code})`);
}

export function timedOut(host: string): AppError {
  return new AppError(422, 'host_timeout', `${host} did not finish answering within the import time limit (SKILLPORT_IMPORT_TIMEOUT_MS)`);
}

/** Reads a small body (JSON from an API) up to `maxBytes`. */
export async function readSmall(body: IncomingMessage, maxBytes = 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) {
      body.destroy();
      throw new AppError(422, 'response_too_large', `the host's answer was larger than ${maxBytes} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
