import { Writable } from 'node:stream';
import { base64url, SignJWT, type JWTPayload } from 'jose';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OidcVerifier, type OidcVerifierOptions } from '../src/auth/oidc.js';
import { ROLE_SCOPES } from '../src/auth/scopes.js';
import type { OidcConfig } from '../src/config.js';
import { FakeIdp, makeSigningKey as makeKey, type SigningKey } from './helpers/oidc-provider.js';

const AUDIENCE = 'skillport-test';

function oidcConfig(issuer: string, overrides: Partial<OidcConfig> = {}): OidcConfig {
  return {
    issuer,
    audience: AUDIENCE,
    claims: { userId: 'sub', email: 'email', role: 'role', teams: 'groups' },
    defaultRole: 'viewer',
    algorithms: ['RS256', 'ES256', 'PS256', 'EdDSA'],
    ...overrides,
  };
}

async function sign(
  key: SigningKey,
  claims: JWTPayload,
  options: { issuer?: string; audience?: string; expiresIn?: string | number; kid?: string; notBefore?: string | number } = {},
): Promise<string> {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? key.kid, typ: 'JWT' })
    .setIssuedAt()
    .setIssuer(options.issuer ?? idp.issuer)
    .setAudience(options.audience ?? AUDIENCE)
    .setExpirationTime(options.expiresIn ?? '5m');
  if (options.notBefore !== undefined) jwt.setNotBefore(options.notBefore);
  return jwt.sign(key.privateKey);
}

let idp: FakeIdp;
let key1: SigningKey;

function verifier(overrides: Partial<OidcConfig> = {}, options: OidcVerifierOptions = {}): OidcVerifier {
  return new OidcVerifier(oidcConfig(idp.issuer, overrides), { jwksCooldownMs: 0, ...options });
}

beforeAll(async () => {
  key1 = await makeKey('key-1');
  idp = new FakeIdp();
  idp.keys = [key1];
  await idp.start();
});

afterAll(async () => {
  await idp.stop();
});

afterEach(() => {
  idp.keys = [key1];
  idp.discoveryUp = true;
  idp.jwksUp = true;
  idp.advertisedIssuer = undefined;
  idp.resetCounts();
});

describe('OidcVerifier: valid tokens', () => {
  it('maps a valid token to a user principal', async () => {
    idp.keys = [key1];
    const token = await sign(key1, { sub: 'alice', email: 'alice@example.com', role: 'member', groups: ['platform', 'search'] });
    const principal = await verifier().verify(token);
    expect(principal).toEqual({
      kind: 'user',
      id: 'oidc:alice',
      role: 'member',
      scopes: [...ROLE_SCOPES.member],
      teams: ['platform', 'search'],
      keyId: null,
    });
  });

  it('reads custom claim names from the config', async () => {
    const token = await sign(key1, { sub: 'ignored', oid: 'user-42', app_role: 'admin', team_names: 'infra' });
    const principal = await verifier({ claims: { userId: 'oid', email: 'upn', role: 'app_role', teams: 'team_names' } }).verify(token);
    expect(principal).toMatchObject({ id: 'oidc:user-42', role: 'admin', teams: ['infra'], scopes: [...ROLE_SCOPES.admin] });
  });

  it('uses defaultRole for an unknown, missing or non-string role claim', async () => {
    const v = verifier({ defaultRole: 'member' });
    expect((await v.verify(await sign(key1, { sub: 'a', role: 'superuser' })))?.role).toBe('member');
    expect((await v.verify(await sign(key1, { sub: 'a' })))?.role).toBe('member');
    expect((await v.verify(await sign(key1, { sub: 'a', role: 7 })))?.role).toBe('member');
    expect((await v.verify(await sign(key1, { sub: 'a', role: { admin: true } })))?.role).toBe('member');
  });

  it('takes the highest known role from an array claim', async () => {
    const v = verifier();
    expect((await v.verify(await sign(key1, { sub: 'a', role: ['member', 'nonsense', 'admin', 'viewer'] })))?.role).toBe('admin');
    expect((await v.verify(await sign(key1, { sub: 'a', role: ['nonsense', 3] })))?.role).toBe('viewer');
  });

  it('teams: keeps string entries, anything else gives none', async () => {
    const v = verifier();
    expect((await v.verify(await sign(key1, { sub: 'a', groups: 'solo' })))?.teams).toEqual(['solo']);
    expect((await v.verify(await sign(key1, { sub: 'a', groups: ['x', 5, 'y', 'x'] })))?.teams).toEqual(['x', 'y']);
    expect((await v.verify(await sign(key1, { sub: 'a', groups: { x: 1 } })))?.teams).toEqual([]);
    expect((await v.verify(await sign(key1, { sub: 'a' })))?.teams).toEqual([]);
  });

  it('rejects a token whose user id claim is missing, empty or not a string', async () => {
    const v = verifier();
    expect(await v.verify(await sign(key1, { email: 'x@example.com' }))).toBeNull();
    expect(await v.verify(await sign(key1, { sub: '' }))).toBeNull();
    expect(await v.verify(await sign(key1, { sub: 12345 } as unknown as JWTPayload))).toBeNull();
  });

  it('fetches discovery and the JWKS once for concurrent first calls, then caches them', async () => {
    const v = verifier({}, { jwksCooldownMs: 30_000 });
    const token = await sign(key1, { sub: 'alice' });
    const results = await Promise.all(Array.from({ length: 5 }, () => v.verify(token)));
    expect(results.every((p) => p?.id === 'oidc:alice')).toBe(true);
    await v.verify(token);
    expect(idp.discoveryRequests).toBe(1);
    expect(idp.jwksRequests).toBe(1);
  });

  it('does not fetch anything until the first token arrives', async () => {
    verifier();
    await new Promise((r) => setTimeout(r, 20));
    expect(idp.discoveryRequests).toBe(0);
  });

  it('uses the injected fetch for discovery and the JWKS', async () => {
    const seen: string[] = [];
    const fetchSpy: typeof fetch = (input, init) => {
      seen.push(String(input));
      return fetch(input, init);
    };
    const principal = await verifier({}, { fetch: fetchSpy }).verify(await sign(key1, { sub: 'alice' }));
    expect(principal?.id).toBe('oidc:alice');
    expect(seen).toEqual([`${idp.issuer}/.well-known/openid-configuration`, `${idp.issuer}/jwks`]);
  });

  it('tolerates 30 s of clock skew', async () => {
    const now = Math.floor(Date.now() / 1000);
    const v = verifier();
    expect(await v.verify(await sign(key1, { sub: 'a' }, { expiresIn: now - 10 }))).not.toBeNull();
    expect(await v.verify(await sign(key1, { sub: 'a' }, { notBefore: now + 10 }))).not.toBeNull();
  });
});

describe('OidcVerifier: rejected tokens', () => {
  it('rejects an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await verifier().verify(await sign(key1, { sub: 'a', iat: now - 3600 }, { expiresIn: now - 120 }))).toBeNull();
  });

  it('rejects a token that is not yet valid', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await verifier().verify(await sign(key1, { sub: 'a' }, { notBefore: now + 300 }))).toBeNull();
  });

  it('rejects a token without exp', async () => {
    const token = await new SignJWT({ sub: 'a' })
      .setProtectedHeader({ alg: 'RS256', kid: key1.kid })
      .setIssuer(idp.issuer)
      .setAudience(AUDIENCE)
      .sign(key1.privateKey);
    expect(await verifier().verify(token)).toBeNull();
  });

  it('rejects a wrong audience', async () => {
    expect(await verifier().verify(await sign(key1, { sub: 'a' }, { audience: 'someone-else' }))).toBeNull();
  });

  it('rejects a wrong issuer', async () => {
    expect(await verifier().verify(await sign(key1, { sub: 'a' }, { issuer: 'http://evil.example' }))).toBeNull();
  });

  it('rejects everything when the discovery document names another issuer', async () => {
    idp.advertisedIssuer = 'http://evil.example';
    expect(await verifier().verify(await sign(key1, { sub: 'a' }))).toBeNull();
    expect(idp.jwksRequests).toBe(0);
  });

  it('rejects an unknown kid after refetching the JWKS', async () => {
    const stranger = await makeKey('key-stranger');
    const v = verifier();
    expect(await v.verify(await sign(key1, { sub: 'a' }))).not.toBeNull();
    expect(idp.jwksRequests).toBe(1);
    expect(await v.verify(await sign(stranger, { sub: 'a' }))).toBeNull();
    expect(idp.jwksRequests).toBe(2);
  });

  it('rejects a known kid whose signature was made with another key', async () => {
    const stranger = await makeKey('key-stranger');
    expect(await verifier().verify(await sign(stranger, { sub: 'a' }, { kid: key1.kid }))).toBeNull();
  });

  it('refetches the JWKS for unknown kids at most once per cooldown', async () => {
    const stranger = await makeKey('key-stranger');
    const v = verifier({}, { jwksCooldownMs: 60_000 });
    expect(await v.verify(await sign(key1, { sub: 'a' }))).not.toBeNull();
    for (let i = 0; i < 5; i++) expect(await v.verify(await sign(stranger, { sub: 'a' }))).toBeNull();
    expect(idp.jwksRequests).toBe(1);
  });

  it('rejects alg: none', async () => {
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
    const now = Math.floor(Date.now() / 1000);
    const payload = base64url.encode(JSON.stringify({ sub: 'a', iss: idp.issuer, aud: AUDIENCE, iat: now, exp: now + 300 }));
    const v = verifier();
    expect(await v.verify(`${header}.${payload}.`)).toBeNull();
    // Even with a kid pointing at a real key, and even if the config wrongly lists "none".
    const withKid = base64url.encode(JSON.stringify({ alg: 'none', kid: key1.kid }));
    expect(await verifier({ algorithms: ['none', 'RS256'] }).verify(`${withKid}.${payload}.`)).toBeNull();
    expect(await verifier({ algorithms: ['none', 'RS256'] }).verify(`${withKid}.${payload}.AAAA`)).toBeNull();
  });

  it('rejects an HS256 token, even when the config wrongly allows HS256', async () => {
    const secret = new TextEncoder().encode('a-shared-secret-that-is-long-enough-for-hs256');
    const token = await new SignJWT({ sub: 'a' })
      .setProtectedHeader({ alg: 'HS256', kid: key1.kid })
      .setIssuedAt()
      .setIssuer(idp.issuer)
      .setAudience(AUDIENCE)
      .setExpirationTime('5m')
      .sign(secret);
    expect(await verifier().verify(token)).toBeNull();
    expect(await verifier({ algorithms: ['HS256', 'RS256'] }).verify(token)).toBeNull();
    // A classic confusion attack: HMAC keyed with the public key's bytes.
    const confused = await new SignJWT({ sub: 'a' })
      .setProtectedHeader({ alg: 'HS256', kid: key1.kid })
      .setIssuer(idp.issuer)
      .setAudience(AUDIENCE)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(JSON.stringify(key1.publicJwk)));
    expect(await verifier({ algorithms: ['HS256', 'RS256'] }).verify(confused)).toBeNull();
  });

  it('rejects a tampered payload', async () => {
    const v = verifier();
    const token = await sign(key1, { sub: 'alice', role: 'viewer' });
    expect(await v.verify(token)).not.toBeNull();
    const [header, payload, signature] = token.split('.') as [string, string, string];
    // Flip one character of the payload.
    const i = Math.floor(payload.length / 2);
    const flipped = payload.slice(0, i) + (payload[i] === 'A' ? 'B' : 'A') + payload.slice(i + 1);
    expect(await v.verify(`${header}.${flipped}.${signature}`)).toBeNull();
    // And a meaningful edit: promote ourselves to owner.
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload))) as JWTPayload;
    const forged = base64url.encode(JSON.stringify({ ...claims, role: 'owner' }));
    expect(await v.verify(`${header}.${forged}.${signature}`)).toBeNull();
  });

  it('rejects garbage quickly, without touching the network', async () => {
    const v = verifier();
    const garbage = ['', 'x', 'a.b', 'a.b.c', '...', 'not a token', '{"alg":"RS256"}', 'eyJ.eyJ.sig', 'a.b.c.d.e', '\u0000\u0001', 'ä.ö.ü'];
    for (const token of garbage) expect(await v.verify(token)).toBeNull();
    expect(await v.verify(undefined as unknown as string)).toBeNull();
  });

  it('rejects a 100 KB token before parsing it', async () => {
    const v = verifier();
    const valid = await sign(key1, { sub: 'a', pad: 'x'.repeat(100 * 1024) });
    expect(valid.length).toBeGreaterThan(100 * 1024);
    const started = performance.now();
    expect(await v.verify(valid)).toBeNull();
    expect(await v.verify('a'.repeat(100 * 1024))).toBeNull();
    expect(performance.now() - started).toBeLessThan(50);
    expect(idp.discoveryRequests).toBe(0);
  });

  it('accepts a token just under the 16 KB limit', async () => {
    const token = await sign(key1, { sub: 'a', pad: 'x'.repeat(10 * 1024) });
    expect(token.length).toBeLessThan(16 * 1024);
    expect(await verifier().verify(token)).not.toBeNull();
  });
});

describe('OidcVerifier: key rotation and outages', () => {
  it('picks up a rotated key from the JWKS', async () => {
    const key2 = await makeKey('key-2');
    const v = verifier();
    expect(await v.verify(await sign(key1, { sub: 'a' }))).not.toBeNull();
    expect(await v.verify(await sign(key2, { sub: 'b' }))).toBeNull();

    idp.keys = [key2];
    const principal = await v.verify(await sign(key2, { sub: 'b' }));
    expect(principal?.id).toBe('oidc:b');
    // The old key is gone from the cached set too.
    expect(await v.verify(await sign(key1, { sub: 'a' }))).toBeNull();
  });

  it('returns null while discovery fails, backs off, and recovers', async () => {
    idp.discoveryUp = false;
    const v = verifier({}, { retryAfterMs: 150 });
    const token = await sign(key1, { sub: 'alice' });
    await expect(v.verify(token)).resolves.toBeNull();
    expect(idp.discoveryRequests).toBe(1);
    // Within the backoff: no new attempt, still null.
    await expect(v.verify(token)).resolves.toBeNull();
    expect(idp.discoveryRequests).toBe(1);

    idp.discoveryUp = true;
    await new Promise((r) => setTimeout(r, 200));
    expect((await v.verify(token))?.id).toBe('oidc:alice');
    expect(idp.discoveryRequests).toBe(2);
  });

  it('survives the provider being unreachable, and works once it is back', async () => {
    const other = new FakeIdp();
    other.keys = [key1];
    await other.start();
    const port = other.port;
    await other.stop();

    const v = new OidcVerifier(oidcConfig(`http://127.0.0.1:${port}`), { retryAfterMs: 50, jwksCooldownMs: 0 });
    const token = await new SignJWT({ sub: 'carol' })
      .setProtectedHeader({ alg: 'RS256', kid: key1.kid })
      .setIssuer(`http://127.0.0.1:${port}`)
      .setAudience(AUDIENCE)
      .setExpirationTime('5m')
      .sign(key1.privateKey);
    await expect(v.verify(token)).resolves.toBeNull();

    const revived = new FakeIdp();
    revived.keys = [key1];
    await revived.start(port);
    try {
      await new Promise((r) => setTimeout(r, 80));
      expect((await v.verify(token))?.id).toBe('oidc:carol');
    } finally {
      await revived.stop();
    }
  });

  it('returns null when the JWKS endpoint fails or is empty, and recovers', async () => {
    const v = verifier();
    const token = await sign(key1, { sub: 'a' });
    idp.jwksUp = false;
    await expect(v.verify(token)).resolves.toBeNull();
    idp.jwksUp = true;
    idp.keys = [];
    await expect(v.verify(token)).resolves.toBeNull();
    idp.keys = [key1];
    expect(await v.verify(token)).not.toBeNull();
  });
});

describe('OidcVerifier: logging', () => {
  it('logs reason codes at debug level and never the token', async () => {
    const lines: string[] = [];
    const logger = pino(
      { level: 'debug' },
      new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    idp.discoveryUp = false;
    const v = verifier({}, { logger, retryAfterMs: 0 });
    const good = await sign(key1, { sub: 'alice' });
    await v.verify(good);
    idp.discoveryUp = true;
    const expired = await sign(key1, { sub: 'a' }, { expiresIn: Math.floor(Date.now() / 1000) - 120 });
    const wrongAud = await sign(key1, { sub: 'a' }, { audience: 'nope' });
    const [h, p, s] = good.split('.') as [string, string, string];
    const tampered = `${h}.${p.slice(0, 10)}${p[10] === 'A' ? 'B' : 'A'}${p.slice(11)}.${s}`;
    for (const token of [expired, wrongAud, tampered, 'garbage']) expect(await v.verify(token)).toBeNull();

    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const reasons = records.filter((r) => r.msg === 'OIDC: token rejected').map((r) => r.reason);
    expect(reasons).toEqual(['discovery_unavailable', 'ERR_JWT_EXPIRED', 'ERR_JWT_CLAIM_VALIDATION_FAILED', 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', 'malformed']);
    expect(records.filter((r) => r.msg === 'OIDC: token rejected').every((r) => r.level === 20)).toBe(true);
    expect(records.some((r) => r.reason === 'discovery_failed' && r.level === 40)).toBe(true);

    const all = lines.join('\n');
    for (const token of [good, expired, wrongAud, tampered]) {
      for (const part of token.split('.')) expect(all).not.toContain(part);
    }
  });
});
