import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { OidcLogin } from '../../auth/oidc-login.js';
import { AppError } from '../../util/app-error.js';
import { commonErrors, ErrorBody, Nullable } from '../schemas/common.js';

const UiConfig = Type.Object({
  version: Type.String(),
  public_read: Type.Boolean({ description: 'Global skills can be read without signing in' }),
  oidc: Type.Union([Type.Object({
    issuer: Type.String(),
    client_id: Type.String(),
    authorization_endpoint: Type.String(),
    scopes: Type.Array(Type.String()),
  }), Type.Null()], { description: 'Browser sign-in with the identity provider; null when not configured' }),
  oidc_error: Type.Union([Type.String(), Type.Null()], { description: 'Why browser sign-in is unavailable right now' }),
});

const TokenBody = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 4096 }),
  code_verifier: Type.String({ minLength: 43, maxLength: 128, pattern: '^[A-Za-z0-9._~-]+$' }),
  redirect_uri: Type.String({ minLength: 1, maxLength: 2048 }),
}, { additionalProperties: false });

/** What the web UI reads before anyone has signed in, and the OIDC code exchange. */
export const uiRoutes: FastifyPluginAsyncTypebox<{ version: string; publicRead: boolean; oidc?: OidcLogin }> = async (app, { version, publicRead, oidc }) => {
  const tags = ['ui'];
  app.get('/api/ui/config', {
    config: { access: { public: true } },
    schema: { tags, summary: 'How the web UI may sign people in (public)', response: { 200: UiConfig } },
  }, async (_request, reply) => {
    let info = null;
    let error: string | null = null;
    if (oidc) {
      try {
        info = await oidc.info();
      } catch (err) {
        error = err instanceof AppError ? err.message : 'The identity provider cannot be reached';
      }
    }
    return reply.header('cache-control', 'no-cache').send({ version, public_read: publicRead, oidc: info, oidc_error: error });
  });

  app.post('/api/ui/oidc/token', {
    config: { access: { public: true } },
    schema: {
      tags,
      summary: 'Exchange an authorization code (with its PKCE verifier) for a bearer token (public)',
      body: TokenBody,
      response: { 200: Type.Object({ token: Type.String(), expires_in: Nullable(Type.Integer()) }), 404: Type.Ref(ErrorBody), 502: Type.Ref(ErrorBody), ...commonErrors },
    },
  }, async (request, reply) => {
    if (!oidc) throw new AppError(404, 'oidc_not_configured', 'Browser sign-in is not configured on this server: set SKILLPORT_OIDC_CLIENT_ID with the issuer and audience');
    const redirect = request.body.redirect_uri;
    // Codes are only redeemed for this server's own callback page.
    const origin = `${request.protocol}://${request.headers.host ?? ''}`;
    if (!redirect.startsWith(`${origin}/`)) throw new AppError(400, 'invalid_request', 'redirect_uri must be this server\'s /auth/callback page');
    const result = await oidc.exchange(request.body);
    return reply.header('cache-control', 'no-store').send(result);
  });
};
