/**
 * The person's credential for this browser tab: an API key they pasted, or a token from the
 * identity provider. Kept in sessionStorage only, so it is gone when the tab closes and never
 * written anywhere the next person on the machine could read it.
 */
const KEY = 'skillport.credential';
const NOTICE = 'skillport.notice';

export interface Credential {
  kind: 'api_key' | 'oidc';
  secret: string;
}

export function currentCredential(): Credential | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Credential;
    return typeof parsed.secret === 'string' && (parsed.kind === 'api_key' || parsed.kind === 'oidc') ? parsed : null;
  } catch {
    return null;
  }
}

export function storeCredential(credential: Credential): void {
  sessionStorage.setItem(KEY, JSON.stringify(credential));
}

export function clearCredential(notice?: string): void {
  sessionStorage.removeItem(KEY);
  if (notice) sessionStorage.setItem(NOTICE, notice);
}

/** A message for the sign-in page (why the person was signed out), read once. */
export function takeNotice(): string | null {
  const notice = sessionStorage.getItem(NOTICE);
  sessionStorage.removeItem(NOTICE);
  return notice;
}

/** Headers that present the credential, or none. */
export function authHeaders(credential: Credential | null = currentCredential()): Record<string, string> {
  if (!credential) return {};
  return credential.kind === 'api_key' ? { 'x-api-key': credential.secret } : { authorization: `Bearer ${credential.secret}` };
}
