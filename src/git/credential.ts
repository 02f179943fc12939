/** A credential for a git host, resolved server-side from a `credentials_ref`; never logged or returned. */
export interface GitCredential {
  kind: 'token' | 'basic';
  /** For `basic`; a token is sent with the conventional user name below. */
  username?: string;
  secret: string;
}

/** User name sent with a token over git's HTTP basic auth (GitHub, GitLab and Gitea accept it). */
const TOKEN_USER = 'x-access-token';

/** The Authorization header for git's smart HTTP protocol. */
export function gitAuthorization(credential: GitCredential): string {
  const user = credential.kind === 'basic' ? credential.username ?? '' : TOKEN_USER;
  return `Basic ${Buffer.from(`${user}:${credential.secret}`).toString('base64')}`;
}

/** The Authorization header for GitHub's REST API. */
export function apiAuthorization(credential: GitCredential): string {
  if (credential.kind === 'basic') return `Basic ${Buffer.from(`${credential.username ?? ''}:${credential.secret}`).toString('base64')}`;
  return `Bearer ${credential.secret}`;
}

/** Removes a credential's secret from text that is about to be shown or logged (a host's error output). */
export function scrub(text: string, credential: GitCredential | undefined): string {
  if (!credential) return text;
  let out = text;
  for (const secret of [credential.secret, gitAuthorization(credential), apiAuthorization(credential)]) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out;
}
