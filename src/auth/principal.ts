import type { FastifyRequest } from 'fastify';
import type { Role } from '../store/records.js';
import type { Scope } from './scopes.js';

export type { Role };

/** Who is calling. Every request carries one, attached before any route runs. */
export interface Principal {
  kind: 'anonymous' | 'user' | 'api_key' | 'system';
  /** User id (`oidc:<sub>` for users known only from a token), or null when anonymous. */
  id: string | null;
  role: Role | null;
  /** What this caller may do; see `scopes.ts`. */
  scopes: readonly Scope[];
  /** Names of the teams the caller acts for. */
  teams: readonly string[];
  /** The API key used, when one was. */
  keyId: string | null;
}

/** Turns a request's credentials into a principal, or throws an AppError (401) for bad ones. */
export interface Authenticator {
  authenticate(request: FastifyRequest): Promise<Principal>;
  /** The caller when it is known without waiting (no credentials, or a cached key); else undefined. */
  peek?(request: FastifyRequest): Principal | undefined;
}

export const ANONYMOUS: Principal = Object.freeze({ kind: 'anonymous', id: null, role: null, scopes: [], teams: [], keyId: null });

/** The operator at the console (CLI commands that open the store directly). */
export const SYSTEM: Principal = Object.freeze({
  kind: 'system',
  id: null,
  role: 'owner',
  scopes: ['skills:read', 'skills:write', 'skills:admin', 'skills:dangerous', 'tasks:run', 'keys:manage', 'admin', 'metrics:read'],
  teams: [],
  keyId: null,
} as Principal);

/** A monitoring system presenting SKILLPORT_METRICS_TOKEN: it may read `/metrics` and nothing else. */
export const METRICS_READER: Principal = Object.freeze({ kind: 'system', id: 'metrics', role: null, scopes: ['metrics:read'], teams: [], keyId: null } as Principal);

/** Treats every caller as anonymous. */
export const anonymousAuthenticator: Authenticator = {
  authenticate: async () => ANONYMOUS,
};
