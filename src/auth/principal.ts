import type { FastifyRequest } from 'fastify';

export type Role = 'owner' | 'admin' | 'member' | 'viewer';

/** Who is calling. Every request carries one, attached before any route runs. */
export interface Principal {
  kind: 'anonymous' | 'user' | 'api_key';
  /** User id, or null when anonymous. */
  id: string | null;
  role: Role | null;
  scopes: readonly string[];
  teams: readonly string[];
}

/** Turns a request's credentials into a principal, or throws an HttpError (401) for bad ones. */
export interface Authenticator {
  authenticate(request: FastifyRequest): Promise<Principal>;
}

export const ANONYMOUS: Principal = Object.freeze({ kind: 'anonymous', id: null, role: null, scopes: [], teams: [] });

/** Treats every caller as anonymous. */
export const anonymousAuthenticator: Authenticator = {
  authenticate: async () => ANONYMOUS,
};
