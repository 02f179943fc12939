import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Store } from '../../store/index.js';
import { Nullable } from '../schemas/common.js';

const Me = Type.Object({
  kind: Type.String(),
  id: Nullable(Type.String()),
  role: Nullable(Type.String()),
  scopes: Type.Array(Type.String()),
  teams: Type.Array(Type.String()),
  key_id: Nullable(Type.String()),
  user: Nullable(Type.Ref('User')),
});

/** Who the server thinks the caller is. */
export const meRoutes: FastifyPluginAsyncTypebox<{ store: Store }> = async (app, { store }) => {
  app.get('/api/me', {
    config: { access: { authenticated: true } },
    schema: { tags: ['identity'], summary: 'The calling identity', response: { 200: Me } },
  }, async (request) => {
    const p = request.principal;
    const user = p.id && !p.id.startsWith('oidc:') ? ((await store.users.get(p.id)) ?? null) : null;
    return { kind: p.kind, id: p.id, role: p.role, scopes: [...p.scopes], teams: [...p.teams], key_id: p.keyId, user };
  });
};
