import type { Principal } from './principal.js';

/** Verifies a bearer token that is not a Skillport API key (an OIDC JWT). */
export interface TokenVerifier {
  /** The caller the token names, or null when the token is not valid for this server. Never throws on bad tokens. */
  verify(token: string): Promise<Principal | null>;
}
