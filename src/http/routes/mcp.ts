import type { FastifyPluginAsync } from 'fastify';
import { originAllowed } from '../../mcp/origin.js';
import { UNPARSABLE, type McpSessions } from '../../mcp/sessions.js';
import { AppError } from '../../util/app-error.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The MCP sessions of this node (counts for operators and tests). */
    mcpSessions: McpSessions;
  }
}

/**
 * `/mcp`: the Model Context Protocol over Streamable HTTP. The caller is identified (API key or
 * OIDC token) and checked like any API request; the request then goes, raw, to the SDK
 * transport of its session. Bodies are parsed here only to tell a new session from a stray
 * request; bad JSON is answered as JSON-RPC expects.
 */
export const mcpRoutes: FastifyPluginAsync<{ sessions: McpSessions; bodyLimit: number; allowedOrigins?: readonly string[] }> = async (app, { sessions, bodyLimit, allowedOrigins = [] }) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(null, UNPARSABLE);
    }
  });
  // Anything else goes to the SDK unread, which answers 415 with a JSON-RPC error.
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
  app.addHook('preClose', async () => sessions.close());

  app.route({
    method: ['GET', 'POST', 'DELETE'],
    url: '/mcp',
    config: { access: { scope: 'skills:read' } },
    compress: false,
    exposeHeadRoute: false,
    schema: {
      tags: ['mcp'],
      summary: 'Model Context Protocol endpoint (Streamable HTTP)',
      description:
        'MCP over Streamable HTTP: POST JSON-RPC messages (start with initialize; send the returned Mcp-Session-Id afterwards), ' +
        'GET for the server-sent event stream of notifications (Last-Event-ID resumes it), DELETE to end the session. ' +
        'Tools search_skills, list_skills, get_skill, read_skill_file; skill:// resources; prompts; the io.modelcontextprotocol/skills extension.',
    },
    handler: async (request, reply) => {
      if (!originAllowed(request.headers.origin, request.headers.host, allowedOrigins)) {
        throw new AppError(403, 'origin_not_allowed', `Origin ${request.headers.origin} may not call /mcp`, {
          message: 'Call from the server\'s own origin, from a client that sends no Origin, or list the origin in SKILLPORT_MCP_ALLOWED_ORIGINS.',
        });
      }
      reply.hijack();
      const principal = request.principal;
      const owner = principal.keyId ? `key:${principal.keyId}` : principal.id ? `user:${principal.id}` : `anonymous:${request.ip}`;
      try {
        await sessions.handle(request.raw, reply.raw, { principal, owner }, request.body);
      } catch (err) {
        request.log.error({ err }, 'mcp request failed');
        if (!reply.raw.headersSent) {
          reply.raw.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal error' }, id: null }));
        } else reply.raw.end();
      }
    },
  });
};
