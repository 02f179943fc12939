import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { ANONYMOUS, type Principal } from '../auth/principal.js';

/**
 * The HTTP layer identifies every request before the SDK sees it and hands the principal over as
 * the request's `authInfo`, so each MCP request is answered for the caller who sent it.
 */
export function authInfoFor(principal: Principal): AuthInfo {
  return { token: '', clientId: principal.keyId ?? principal.id ?? 'anonymous', scopes: [...principal.scopes], extra: { principal } };
}

export function callerOf(extra: { authInfo?: AuthInfo }): Principal {
  return (extra.authInfo?.extra?.principal as Principal | undefined) ?? ANONYMOUS;
}
