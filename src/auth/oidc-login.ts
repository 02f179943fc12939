import type { OidcConfig } from '../config.js';
import { AppError } from '../util/app-error.js';
import type { Logger } from '../util/logger.js';

/** What the web UI needs to send a person to the identity provider. */
export interface OidcLoginInfo {
  issuer: string;
  client_id: string;
  authorization_endpoint: string;
  scopes: string[];
}

interface Endpoints {
  authorization_endpoint: string;
  token_endpoint: string;
}

/**
 * Browser sign-in with the authorization code flow and PKCE. The page makes the verifier and the
 * challenge and sends the person to the provider; the code it gets back is exchanged here, so the
 * page needs neither the provider's CORS nor a Content-Security-Policy that lets it reach another
 * origin. The token that comes back is verified on every request like any other bearer token.
 */
export class OidcLogin {
  private endpoints: Promise<Endpoints> | undefined;

  constructor(
    private readonly config: OidcConfig & { clientId: string },
    private readonly options: { logger?: Logger; fetch?: typeof fetch; timeoutMs?: number } = {},
  ) {}

  async info(): Promise<OidcLoginInfo> {
    const endpoints = await this.discover();
    return { issuer: this.config.issuer, client_id: this.config.clientId, authorization_endpoint: endpoints.authorization_endpoint, scopes: this.config.scopes ?? ['openid'] };
  }

  /** Trades an authorization code for the token the UI then presents as `Authorization: Bearer`. */
  async exchange(input: { code: string; code_verifier: string; redirect_uri: string }): Promise<{ token: string; expires_in: number | null }> {
    const endpoints = await this.discover();
    const form = new URLSearchParams({
      grant_type: 'authorization_code',
      code: input.code,
      code_verifier: input.code_verifier,
      redirect_uri: input.redirect_uri,
      client_id: this.config.clientId,
    });
    let response: Response;
    try {
      response = await this.fetch(endpoints.token_endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch {
      throw new AppError(502, 'oidc_unavailable', 'The identity provider did not answer; try signing in again in a moment');
    }
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok) {
      // The provider's own error code says what went wrong (an expired or reused code); its free text is not passed on.
      const code = typeof body.error === 'string' && /^[a-z_]{1,64}$/.test(body.error) ? body.error : `http_${response.status}`;
      throw new AppError(400, 'oidc_exchange_failed', `The identity provider refused the sign-in (${code}); start again`);
    }
    // The ID token's audience is the client; an access token's is the API. Present the one the
    // server was told to accept.
    const token = this.config.audience === this.config.clientId ? (body.id_token ?? body.access_token) : (body.access_token ?? body.id_token);
    if (typeof token !== 'string') throw new AppError(502, 'oidc_exchange_failed', 'The identity provider answered without a token');
    return { token, expires_in: typeof body.expires_in === 'number' ? body.expires_in : null };
  }

  private discover(): Promise<Endpoints> {
    this.endpoints ??= this.fetchEndpoints().catch((err: unknown) => {
      this.endpoints = undefined;
      this.options.logger?.warn({ reason: err instanceof Error ? err.message : 'unknown' }, 'OIDC sign-in: discovery failed');
      throw new AppError(502, 'oidc_unavailable', 'The identity provider cannot be reached; sign in with an API key or try again later');
    });
    return this.endpoints;
  }

  private async fetchEndpoints(): Promise<Endpoints> {
    const response = await this.fetch(`${this.config.issuer}/.well-known/openid-configuration`, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
    });
    if (!response.ok) throw new Error(`discovery returned HTTP ${response.status}`);
    const doc = (await response.json()) as Record<string, unknown>;
    const authorization = httpUrl(doc.authorization_endpoint);
    const token = httpUrl(doc.token_endpoint);
    if (!authorization || !token) throw new Error('discovery document lacks authorization_endpoint or token_endpoint');
    return { authorization_endpoint: authorization, token_endpoint: token };
  }

  private fetch(input: string, init: RequestInit): Promise<Response> {
    return (this.options.fetch ?? fetch)(input, init);
  }
}

function httpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
