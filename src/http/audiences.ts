import type { FastifyRequest } from 'fastify';
import { forbidden, hasScope } from '../auth/policy.js';
import { everything, type Audience } from '../gateway/index.js';
import { AppError } from '../util/app-error.js';

/** Why an index without credentials answers nothing, and what to do about it. */
export const shareNeeded = () =>
  new AppError(401, 'authentication_required', 'This server lists skills only to callers it knows', {
    message:
      'Ask an admin or a team member for a share link: `skillport shares create --team <team>` (or POST /api/shares) prints a URL such as http://host/s/<token> to give to `npx skills add`. ' +
      'Or send an API key (X-API-Key), or have the operator set SKILLPORT_PUBLIC_READ=true to list global skills to everyone.',
  }, { 'www-authenticate': 'Bearer realm="skillport"' });

/**
 * The root indexes answer for the caller: its key's visibility, or the global skills when the
 * server allows public read. Nobody at all gets a 401 that says how to make a share.
 */
export function callerAudience(request: FastifyRequest): Audience {
  if (request.authError) throw request.authError;
  const principal = request.principal;
  if (!hasScope(principal, 'skills:read')) throw principal.kind === 'anonymous' ? shareNeeded() : forbidden('skills:read');
  if (principal.kind === 'anonymous') return { key: 'public', principal, accept: everything, public: true };
  return { key: `caller:${principal.kind}:${principal.id ?? ''}:${principal.keyId ?? ''}:${principal.role ?? ''}:${principal.teams.join(',')}:${principal.scopes.join(',')}`, principal, accept: everything, public: false };
}
