import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Store } from '../../store/index.js';
import { requireAdmin } from '../../auth/policy.js';
import { badRequest } from '../../util/app-error.js';
import { commonErrors, Nullable } from '../schemas/common.js';
import { AuditEntry, AuditQuery } from '../schemas/identity.js';

/** The audit log, newest first, for admins. Paging is by an opaque cursor. */
export const auditRoutes: FastifyPluginAsyncTypebox<{ store: Store }> = async (app, { store }) => {
  app.get('/api/audit', {
    config: { access: { scope: 'admin' } },
    schema: {
      tags: ['identity'],
      summary: 'Search the audit log',
      querystring: AuditQuery,
      response: { 200: Type.Object({ entries: Type.Array(Type.Ref(AuditEntry)), count: Type.Integer(), next_cursor: Nullable(Type.String()) }), ...commonErrors },
    },
  }, async (request) => {
    requireAdmin(request.principal);
    const { cursor, limit = 50, ...filters } = request.query;
    const beforeId = cursor === undefined ? undefined : decodeCursor(cursor);
    const entries = await store.audit.query({ ...filters, before_id: beforeId, limit: limit + 1 });
    const page = entries.slice(0, limit);
    const last = page[page.length - 1];
    return { entries: page, count: page.length, next_cursor: entries.length > limit && last ? encodeCursor(last.id) : null };
  });
};

function encodeCursor(id: number): string {
  return Buffer.from(`a:${id}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^a:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw badRequest('cursor is not one this server gave out; use next_cursor from the previous page');
  return Number(match[1]);
}
