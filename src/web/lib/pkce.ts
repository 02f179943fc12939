/** Authorization code with PKCE (RFC 7636): the verifier stays in this tab, the provider sees only its hash. */
const PENDING = 'skillport.oidc.pending';

function randomString(bytes: number): string {
  const data = crypto.getRandomValues(new Uint8Array(bytes));
  return base64url(data);
}

function base64url(data: Uint8Array): string {
  let binary = '';
  for (const byte of data) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function callbackUrl(): string {
  return `${window.location.origin}/auth/callback`;
}

/** Sends the browser to the identity provider. */
export async function startSignIn(oidc: { authorization_endpoint: string; client_id: string; scopes: string[] }, returnTo: string): Promise<void> {
  const verifier = randomString(48);
  const state = randomString(24);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, returnTo }));
  const url = new URL(oidc.authorization_endpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', oidc.client_id);
  url.searchParams.set('redirect_uri', callbackUrl());
  url.searchParams.set('scope', oidc.scopes.join(' '));
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', base64url(digest));
  url.searchParams.set('code_challenge_method', 'S256');
  window.location.assign(url.href);
}

/** The verifier and where to go next, if `state` matches the sign-in this tab started. Used once. */
export function takePending(state: string | null): { verifier: string; returnTo: string } | null {
  const raw = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  if (!raw || !state) return null;
  const pending = JSON.parse(raw) as { verifier: string; state: string; returnTo: string };
  return pending.state === state ? { verifier: pending.verifier, returnTo: pending.returnTo } : null;
}
