import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function makeSigningKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateKey, publicJwk };
}

interface PendingCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  claims: JWTPayload;
  used: boolean;
}

/**
 * An identity provider stand-in on a loopback port: OpenID discovery, a JWKS, and (for browser
 * sign-in) an authorization endpoint and a token endpoint that run the authorization code flow
 * with PKCE (S256) as a real provider does: the code is bound to the client, the redirect URI
 * and the challenge, and is redeemed once. The authorization endpoint signs in `nextUser` at
 * once and redirects back, as a provider with a live session would.
 */
export class FakeIdp {
  readonly server = http.createServer((req, res) => void this.handle(req, res));
  port = 0;
  keys: SigningKey[] = [];
  discoveryUp = true;
  jwksUp = true;
  /** Issuer the discovery document claims; defaults to the real one. */
  advertisedIssuer: string | undefined;
  discoveryRequests = 0;
  jwksRequests = 0;
  /** The audience of the tokens the token endpoint issues. */
  audience = 'skillport';
  /** Who the authorization endpoint signs in. */
  nextUser: JWTPayload = { sub: 'alice', email: 'alice@example.com', role: 'member' };
  /** Lifetime of issued tokens, in seconds (relying parties tolerate some clock skew past it). */
  tokenLifetimeS = 300;
  /** Authorization requests received, with their query parameters. */
  authorizations: Array<Record<string, string>> = [];
  /** Token requests received, with their form fields. */
  tokenRequests: Array<Record<string, string>> = [];
  private readonly codes = new Map<string, PendingCode>();

  get issuer(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(port = 0): Promise<void> {
    if (this.keys.length === 0) this.keys = [await makeSigningKey('key-1')];
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  resetCounts(): void {
    this.discoveryRequests = 0;
    this.jwksRequests = 0;
  }

  /** A token signed with the first key, from this issuer, for `audience`. */
  async sign(claims: JWTPayload, options: { audience?: string; expiresIn?: string | number } = {}): Promise<string> {
    const key = this.keys[0]!;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
      .setIssuedAt()
      .setIssuer(this.issuer)
      .setAudience(options.audience ?? this.audience)
      // A number is an absolute time: a negative lifetime makes a token that is already (nearly) expired.
      .setExpirationTime(options.expiresIn ?? Math.floor(Date.now() / 1000) + this.tokenLifetimeS)
      .sign(key.privateKey);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.issuer);
    if (url.pathname === '/.well-known/openid-configuration') {
      this.discoveryRequests += 1;
      if (!this.discoveryUp) return void res.writeHead(503).end('down');
      return this.json(res, 200, {
        issuer: this.advertisedIssuer ?? this.issuer,
        jwks_uri: `${this.issuer}/jwks`,
        authorization_endpoint: `${this.issuer}/authorize`,
        token_endpoint: `${this.issuer}/token`,
        code_challenge_methods_supported: ['S256'],
      });
    }
    if (url.pathname === '/jwks') {
      this.jwksRequests += 1;
      if (!this.jwksUp) return void res.writeHead(500).end('oops');
      return this.json(res, 200, { keys: this.keys.map((k) => k.publicJwk) });
    }
    if (url.pathname === '/authorize' && req.method === 'GET') return this.authorize(url, res);
    if (url.pathname === '/token' && req.method === 'POST') return this.token(req, res);
    res.writeHead(404).end();
  }

  private authorize(url: URL, res: http.ServerResponse): void {
    const params = Object.fromEntries(url.searchParams);
    this.authorizations.push(params);
    const redirect = params.redirect_uri;
    if (!redirect || !params.client_id) return void res.writeHead(400).end('redirect_uri and client_id are required');
    const back = new URL(redirect);
    if (params.state) back.searchParams.set('state', params.state);
    if (params.response_type !== 'code' || params.code_challenge_method !== 'S256' || !params.code_challenge) {
      back.searchParams.set('error', 'invalid_request');
    } else {
      const code = randomBytes(16).toString('hex');
      this.codes.set(code, { clientId: params.client_id, redirectUri: redirect, challenge: params.code_challenge, claims: this.nextUser, used: false });
      back.searchParams.set('code', code);
    }
    res.writeHead(302, { location: back.href }).end();
  }

  private async token(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    const form = Object.fromEntries(new URLSearchParams(raw));
    this.tokenRequests.push(form);
    const pending = form.code ? this.codes.get(form.code) : undefined;
    if (form.grant_type !== 'authorization_code' || !pending || pending.used) return this.json(res, 400, { error: 'invalid_grant' });
    pending.used = true;
    const challenge = createHash('sha256').update(form.code_verifier ?? '').digest('base64url');
    if (challenge !== pending.challenge || form.client_id !== pending.clientId || form.redirect_uri !== pending.redirectUri) return this.json(res, 400, { error: 'invalid_grant' });
    const token = await this.sign(pending.claims);
    this.json(res, 200, { access_token: token, id_token: token, token_type: 'Bearer', expires_in: Math.max(0, this.tokenLifetimeS) });
  }

  private json(res: http.ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }
}
