import { createRemoteJWKSet, customFetch, errors, jwtVerify, type JWTPayload, type RemoteJWKSet } from 'jose';
import type { OidcConfig } from '../config.js';
import type { Logger } from '../util/logger.js';
import type { Principal, Role } from './principal.js';
import { isRole, ROLE_SCOPES, roleRank } from './scopes.js';
import type { TokenVerifier } from './token-verifier.js';

export interface OidcVerifierOptions {
  logger?: Logger;
  /** Used for the discovery document and the JWKS; the global fetch when not given. */
  fetch?: typeof fetch;
  /** How long to wait after a failed discovery before trying again. Default 30 s. */
  retryAfterMs?: number;
  /** Least time between two JWKS fetches triggered by an unknown `kid`. Default 30 s. */
  jwksCooldownMs?: number;
  /** How long fetched keys are trusted before the JWKS is fetched again. Default 10 min. */
  jwksCacheMaxAgeMs?: number;
  /** Timeout for each discovery and JWKS request. Default 5 s. */
  timeoutMs?: number;
}

/** Longest bearer token looked at; anything longer is rejected before it is parsed. */
export const MAX_TOKEN_LENGTH = 16 * 1024;

/** Seconds of clock skew tolerated for `exp` and `nbf`. */
const CLOCK_TOLERANCE_S = 30;

/** Three base64url segments; the signature may not be empty here, which also rules out `alg: none`. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Algorithms never accepted, whatever the configuration says: unsigned and shared-secret. */
const FORBIDDEN_ALGORITHM = /^(none|HS\d+)$/i;

/** jose error codes that mean the key set could not be loaded, a provider problem rather than a bad token. */
const KEY_LOADING_FAILURES = new Set(['ERR_JOSE_GENERIC', 'ERR_JWKS_TIMEOUT', 'ERR_JWKS_INVALID']);

interface Discovered {
  /** The issuer exactly as the provider spells it (tokens carry this string in `iss`). */
  issuer: string;
  jwks: RemoteJWKSet;
}

/**
 * Verifies OIDC JWTs (ID or access tokens) against the configured issuer's published keys.
 * Discovery is lazy: nothing is fetched until the first token arrives, so a provider that is down
 * at start-up does not stop the server. Never throws on bad tokens or an unreachable provider.
 */
export class OidcVerifier implements TokenVerifier {
  private readonly issuer: string;
  private readonly algorithms: string[];
  private readonly logger: Logger | undefined;
  private readonly fetchImpl: typeof fetch;
  private readonly customFetchImpl: typeof fetch | undefined;
  private readonly retryAfterMs: number;
  private readonly jwksCooldownMs: number;
  private readonly jwksCacheMaxAgeMs: number;
  private readonly timeoutMs: number;

  private discovered: Discovered | undefined;
  private discovering: Promise<Discovered | undefined> | undefined;
  /** Epoch ms before which discovery is not retried after a failure. */
  private retryAt = 0;

  constructor(
    private readonly config: OidcConfig,
    options: OidcVerifierOptions = {},
  ) {
    this.issuer = config.issuer.replace(/\/+$/, '');
    this.logger = options.logger;
    this.customFetchImpl = options.fetch;
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.retryAfterMs = options.retryAfterMs ?? 30_000;
    this.jwksCooldownMs = options.jwksCooldownMs ?? 30_000;
    this.jwksCacheMaxAgeMs = options.jwksCacheMaxAgeMs ?? 10 * 60_000;
    this.timeoutMs = options.timeoutMs ?? 5_000;

    this.algorithms = config.algorithms.filter((alg) => !FORBIDDEN_ALGORITHM.test(alg));
    const dropped = config.algorithms.filter((alg) => FORBIDDEN_ALGORITHM.test(alg));
    if (dropped.length > 0) this.logger?.warn({ dropped }, 'OIDC: ignoring algorithms that are never accepted (none, HMAC)');
    if (this.algorithms.length === 0) this.logger?.warn('OIDC: no usable signature algorithms configured; every token will be rejected');
  }

  async verify(token: string): Promise<Principal | null> {
    // Size and shape first, before any parsing or network traffic.
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return this.reject('token_too_large');
    if (!COMPACT_JWS.test(token)) return this.reject('malformed');
    if (this.algorithms.length === 0) return this.reject('no_algorithms');

    const discovered = await this.discover();
    if (!discovered) return this.reject('discovery_unavailable');

    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, discovered.jwks, {
        issuer: discovered.issuer,
        audience: this.config.audience,
        algorithms: this.algorithms,
        clockTolerance: CLOCK_TOLERANCE_S,
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      if (error instanceof errors.JOSEError && !KEY_LOADING_FAILURES.has(error.code)) return this.reject(error.code);
      // Not a token problem: the JWKS could not be fetched (network error, timeout) or similar.
      this.logger?.warn({ reason: 'jwks_unavailable', error: errorName(error) }, 'OIDC: could not load signing keys; token rejected');
      return null;
    }

    return this.toPrincipal(payload);
  }

  private toPrincipal(payload: JWTPayload): Principal | null {
    const { claims } = this.config;
    const userId = payload[claims.userId];
    if (typeof userId !== 'string' || userId === '') return this.reject('missing_user_id');
    // The email claim is optional and Principal has no field for it; a non-string is simply ignored.
    const role = this.roleFrom(payload[claims.role]);
    return {
      kind: 'user',
      id: `oidc:${userId}`,
      role,
      scopes: [...ROLE_SCOPES[role]],
      teams: teamsFrom(payload[claims.teams]),
      keyId: null,
    };
  }

  private roleFrom(value: unknown): Role {
    if (typeof value === 'string') return isRole(value) ? value : this.config.defaultRole;
    if (Array.isArray(value)) {
      let best: Role | undefined;
      for (const item of value) {
        if (typeof item === 'string' && isRole(item) && (best === undefined || roleRank(item) > roleRank(best))) best = item;
      }
      return best ?? this.config.defaultRole;
    }
    return this.config.defaultRole;
  }

  /** The cached discovery result, fetching it when needed; undefined while the provider is unreachable. */
  private async discover(): Promise<Discovered | undefined> {
    if (this.discovered) return this.discovered;
    if (this.discovering) return this.discovering;
    if (Date.now() < this.retryAt) return undefined;
    this.discovering = this.fetchDiscovery()
      .then((discovered) => {
        this.discovered = discovered;
        return discovered;
      })
      .catch((error: unknown) => {
        this.retryAt = Date.now() + this.retryAfterMs;
        this.logger?.warn(
          { reason: 'discovery_failed', error: error instanceof DiscoveryError ? error.message : errorName(error), retryInMs: this.retryAfterMs },
          'OIDC: discovery failed; rejecting tokens until it succeeds',
        );
        return undefined;
      })
      .finally(() => {
        this.discovering = undefined;
      });
    return this.discovering;
  }

  private async fetchDiscovery(): Promise<Discovered> {
    const url = `${this.issuer}/.well-known/openid-configuration`;
    const response = await this.fetchImpl(url, {
      method: 'GET',
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!response.ok) throw new DiscoveryError(`discovery returned HTTP ${response.status}`);
    let document: unknown;
    try {
      document = await response.json();
    } catch {
      throw new DiscoveryError('discovery document is not JSON');
    }
    if (typeof document !== 'object' || document === null) throw new DiscoveryError('discovery document is not an object');
    const { issuer, jwks_uri: jwksUri } = document as Record<string, unknown>;
    // The provider may spell its issuer with a trailing slash (tokens then carry it in `iss`); the
    // configured issuer has it stripped. Compare without it and verify `iss` against the provider's spelling.
    if (typeof issuer !== 'string' || issuer.replace(/\/+$/, '') !== this.issuer) {
      throw new DiscoveryError('discovery document names a different issuer');
    }
    if (typeof jwksUri !== 'string') throw new DiscoveryError('discovery document has no jwks_uri');
    let jwksUrl: URL;
    try {
      jwksUrl = new URL(jwksUri);
    } catch {
      throw new DiscoveryError('discovery document has an invalid jwks_uri');
    }
    if (jwksUrl.protocol !== 'https:' && jwksUrl.protocol !== 'http:') throw new DiscoveryError('jwks_uri is not an http(s) URL');

    const jwks = createRemoteJWKSet(jwksUrl, {
      cooldownDuration: this.jwksCooldownMs,
      cacheMaxAge: this.jwksCacheMaxAgeMs,
      timeoutDuration: this.timeoutMs,
      ...(this.customFetchImpl ? { [customFetch]: this.customFetchImpl } : {}),
    });
    this.logger?.info({ issuer, jwksUri: jwksUrl.href }, 'OIDC: discovery succeeded');
    return { issuer, jwks };
  }

  /** Logs why a token was refused (a reason code, never the token) and returns null. */
  private reject(reason: string): null {
    this.logger?.debug({ reason }, 'OIDC: token rejected');
    return null;
  }
}

class DiscoveryError extends Error {}

function teamsFrom(value: unknown): string[] {
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (Array.isArray(value)) return [...new Set(value.filter((team): team is string => typeof team === 'string' && team !== ''))];
  return [];
}

function errorName(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
    return typeof code === 'string' ? `${error.name}:${code}` : error.name;
  }
  return typeof error;
}
