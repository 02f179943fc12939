import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Logger } from '../util/logger.js';
import { API_KEY_FORMAT } from './api-key.js';
import type { IdentityService } from './identity-service.js';
import { invalidToken } from './policy.js';
import { isDatabaseUnavailable } from '../store/index.js';
import { ANONYMOUS, METRICS_READER, type Authenticator, type Principal } from './principal.js';
import type { TokenVerifier } from './token-verifier.js';

export interface RequestAuthenticatorOptions {
  identity: IdentityService;
  /** Verifies bearer tokens that are not API keys (OIDC); without it, such tokens are invalid. */
  tokens?: TokenVerifier;
  /** Anonymous callers may read global skills. */
  publicRead: boolean;
  logger?: Logger;
  /** How long a resolved key is trusted before it is looked up again. */
  cacheMs?: number;
  /** A bearer token that identifies a metrics scraper (SKILLPORT_METRICS_TOKEN). */
  metricsToken?: string;
}

const PUBLIC_READER: Principal = Object.freeze({ ...ANONYMOUS, scopes: ['skills:read'] } as Principal);
const CACHE_LIMIT = 10_000;
/** `last_used_at` is written at most this often per key, so reads do not become writes. */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Reads `X-API-Key` or `Authorization: Bearer` and resolves the caller. Resolved keys are cached
 * briefly and the cache is dropped on any identity change, so a revoked key stops working at once
 * on this node.
 *
 * The cache is keyed by the presented key itself, not its SHA-256: hashing was the largest single
 * cost of an authenticated read (measured: a twentieth of the request's instructions). Keeping it
 * in memory for the few seconds an entry lives exposes nothing a heap dump would not already show,
 * since every request's header strings stay on the heap until collected. Only strings in the key
 * format are cached, so arbitrary header values cannot fill memory; the store holds hashes only.
 */
export class RequestAuthenticator implements Authenticator {
  private readonly cache = new Map<string, { principal: Principal | null; until: number }>();
  private readonly touched = new Map<string, number>();

  /** Compared by digest, so the comparison takes the same time whatever the presented token's length. */
  private readonly metricsDigest: Buffer | undefined;

  constructor(private readonly options: RequestAuthenticatorOptions) {
    this.metricsDigest = options.metricsToken ? sha256(options.metricsToken) : undefined;
    options.identity.onChange(() => this.cache.clear());
  }

  peek(request: FastifyRequest): Principal | undefined {
    const apiKey = request.headers['x-api-key'];
    if (apiKey === undefined && request.headers.authorization === undefined) return this.options.publicRead ? PUBLIC_READER : ANONYMOUS;
    if (typeof apiKey !== 'string') return undefined;
    const now = Date.now();
    const cached = this.cache.get(apiKey.trim());
    if (!cached?.principal || cached.until < now) return undefined;
    this.touch(cached.principal.keyId!, now);
    return cached.principal;
  }

  async authenticate(request: FastifyRequest): Promise<Principal> {
    const apiKey = request.headers['x-api-key'];
    const authorization = request.headers.authorization;
    if (apiKey !== undefined) {
      if (typeof apiKey !== 'string') throw invalidToken();
      return this.fromApiKey(apiKey.trim());
    }
    if (authorization !== undefined) {
      const match = /^Bearer +(\S+) *$/i.exec(authorization);
      if (!match) throw invalidToken();
      const token = match[1]!;
      if (token.startsWith('sk_')) return this.fromApiKey(token);
      if (this.metricsDigest && timingSafeEqual(sha256(token), this.metricsDigest)) return METRICS_READER;
      const principal = this.options.tokens ? await this.options.tokens.verify(token) : null;
      if (!principal) throw invalidToken();
      return principal;
    }
    return this.options.publicRead ? PUBLIC_READER : ANONYMOUS;
  }

  private async fromApiKey(presented: string): Promise<Principal> {
    // Malformed keys are refused without a lookup, and are never cached.
    if (!API_KEY_FORMAT.test(presented)) throw invalidToken();
    const now = Date.now();
    let cached = this.cache.get(presented);
    if (!cached || cached.until < now) {
      let principal: Principal | null;
      try {
        principal = await this.options.identity.principalForKey(presented);
      } catch (err) {
        // Reads are served from memory while the database is unreachable, and this node cannot
        // hear of changes then either: a key it resolved before keeps working until it can look
        // again (it reports not ready meanwhile, and drops this cache when it reconnects).
        if (cached?.principal && isDatabaseUnavailable(err)) return cached.principal;
        throw err;
      }
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      cached = { principal, until: now + (this.options.cacheMs ?? 5_000) };
      this.cache.set(presented, cached);
    }
    if (!cached.principal) throw invalidToken();
    this.touch(cached.principal.keyId!, now);
    return cached.principal;
  }

  private touch(keyId: string, now: number): void {
    if ((this.touched.get(keyId) ?? 0) + TOUCH_INTERVAL_MS > now) return;
    this.touched.set(keyId, now);
    this.options.identity.touchKey(keyId).catch((err: unknown) => this.options.logger?.warn({ err, key_id: keyId }, 'could not record key use'));
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
