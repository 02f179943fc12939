import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { visibleTo } from '../auth/policy.js';
import type { Principal } from '../auth/principal.js';
import type { CatalogEvent, CatalogEventLog } from '../catalog/events.js';
import type { Logger } from '../util/logger.js';
import { authInfoFor } from './caller.js';
import { SessionEventStore } from './event-store.js';
import type { McpCatalog } from './reader.js';
import { createMcpServer } from './server.js';
import { parseSkillUri } from './uris.js';

export interface McpSessionLimits {
  /** A session nobody has used for this long (and that holds no open stream) is closed. */
  idleMs: number;
  /** Sessions one caller may hold; opening one more closes that caller's least recently used. */
  perCaller: number;
  /** Sessions on this node; past it new ones are refused until some close or expire. */
  total: number;
}

export const DEFAULT_SESSION_LIMITS: McpSessionLimits = { idleMs: 30 * 60_000, perCaller: 16, total: 5_000 };

interface Session {
  id: string;
  /** Who opened it; only the same caller may use it. */
  owner: string;
  /** The latest request's caller, whose visibility filters the notifications it gets. */
  principal: Principal;
  server: McpServer;
  transport: StreamableHTTPServerTransport;
  lastSeen: number;
  openStreams: number;
  subscriptions: Set<string>;
  listChanged: boolean;
  updated: Set<string>;
}

/** What the route found in the body: JSON, nothing (the SDK reads it), or bytes that are not JSON. */
export const UNPARSABLE = Symbol('unparsable body');

/**
 * The MCP sessions of this node over Streamable HTTP: one SDK transport and server per session,
 * each bound to the caller that opened it, resumable through a per-session event store, closed
 * when idle, bounded per caller and in all. Catalog changes reach each session as
 * `notifications/resources/list_changed` and `notifications/prompts/list_changed` (when the
 * change is one its caller may see) and `notifications/resources/updated` for subscribed URIs.
 */
export class McpSessions {
  private readonly sessions = new Map<string, Session>();
  private readonly unsubscribe: () => void;
  private readonly sweeper: NodeJS.Timeout;
  private flushTimer: NodeJS.Timeout | null = null;
  private lastGeneration: string;
  private closed = false;

  constructor(
    private readonly options: {
      catalog: McpCatalog;
      events: CatalogEventLog;
      version: string;
      logger?: Logger;
      limits?: Partial<McpSessionLimits>;
      /** How long changes are gathered into one round of notifications. */
      notifyDelayMs?: number;
    },
  ) {
    this.unsubscribe = options.events.subscribe((event) => this.onCatalogEvent(event));
    this.lastGeneration = options.catalog.query.generation();
    const limits = this.limits;
    // Also notices scan results and policy changes, which change what may be served without a catalog event.
    this.sweeper = setInterval(() => this.sweep(), Math.min(limits.idleMs / 4, 2_000));
    this.sweeper.unref();
  }

  get limits(): McpSessionLimits {
    return { ...DEFAULT_SESSION_LIMITS, ...this.options.limits };
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Notification streams (GET) open now. */
  get openStreams(): number {
    let open = 0;
    for (const session of this.sessions.values()) open += session.openStreams;
    return open;
  }

  /** Handles one HTTP request to the MCP endpoint. `owner` identifies the caller across requests. */
  async handle(req: IncomingMessage & { auth?: AuthInfo }, res: ServerResponse, caller: { principal: Principal; owner: string }, body: unknown): Promise<void> {
    if (this.closed) return reply(res, 503, -32000, 'The server is shutting down');
    const header = req.headers['mcp-session-id'];
    const sessionId = Array.isArray(header) ? header[0] : header;
    if (body === UNPARSABLE) return reply(res, 400, -32700, 'Parse error: the body is not valid JSON');
    req.auth = authInfoFor(caller.principal);

    if (sessionId !== undefined) {
      const session = this.sessions.get(sessionId);
      // Someone else's session id is answered exactly like an unknown one.
      if (!session || session.owner !== caller.owner) {
        return reply(res, 404, -32001, 'Session not found: it expired or was closed. Start a new session with an initialize request sent without Mcp-Session-Id.');
      }
      session.lastSeen = Date.now();
      session.principal = caller.principal;
      if (req.method === 'GET') {
        session.openStreams++;
        res.once('close', () => {
          session.openStreams--;
          session.lastSeen = Date.now();
        });
      }
      return session.transport.handleRequest(req, res, body);
    }

    const initializing = req.method === 'POST' && (Array.isArray(body) ? body.some((message) => isInitializeRequest(message)) : isInitializeRequest(body));
    if (!initializing) {
      return reply(res, 400, -32000, 'Bad Request: send the Mcp-Session-Id header of your session, or start one with an initialize request');
    }
    if (!this.makeRoom(caller.owner)) {
      res.setHeader('retry-after', '30');
      return reply(res, 503, -32000, `Too many MCP sessions on this server (${this.limits.total}); try again later`);
    }
    await this.open(req, res, caller, body);
  }

  /** Closes every session (server shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    clearInterval(this.sweeper);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    await Promise.all([...this.sessions.values()].map((session) => this.end(session, 'server shutting down')));
  }

  private async open(req: IncomingMessage, res: ServerResponse, caller: { principal: Principal; owner: string }, body: unknown): Promise<void> {
    const subscriptions = new Set<string>();
    const server = createMcpServer(this.options.catalog, { version: this.options.version, session: { uris: subscriptions } });
    let session: Session | undefined;
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      eventStore: new SessionEventStore(),
      onsessioninitialized: (id) => {
        session = { id, owner: caller.owner, principal: caller.principal, server, transport, lastSeen: Date.now(), openStreams: 0, subscriptions, listChanged: false, updated: new Set() };
        this.sessions.set(id, session);
        this.options.logger?.debug({ session: id, caller: caller.owner }, 'mcp session opened');
      },
    });
    transport.onclose = () => {
      if (session && this.sessions.get(session.id) === session) this.sessions.delete(session.id);
    };
    transport.onerror = (err) => this.options.logger?.debug({ err: err.message }, 'mcp transport');
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
    // An initialize the SDK refused opened nothing.
    if (!session) await server.close().catch(() => {});
  }

  /** Keeps the caller under its cap (closing its least recently used session) and the node under its total. */
  private makeRoom(owner: string): boolean {
    const limits = this.limits;
    const own = [...this.sessions.values()].filter((session) => session.owner === owner).sort((a, b) => a.lastSeen - b.lastSeen);
    for (const session of own.slice(0, Math.max(0, own.length - limits.perCaller + 1))) void this.end(session, 'caller opened too many sessions');
    if (this.sessions.size < limits.total) return true;
    this.expire();
    return this.sessions.size < limits.total;
  }

  private sweep(): void {
    this.expire();
    const generation = this.options.catalog.query.generation();
    if (generation !== this.lastGeneration) {
      this.lastGeneration = generation;
      for (const session of this.sessions.values()) session.listChanged = true;
      this.scheduleFlush();
    }
  }

  private expire(): void {
    const cutoff = Date.now() - this.limits.idleMs;
    for (const session of this.sessions.values()) if (session.openStreams === 0 && session.lastSeen < cutoff) void this.end(session, 'idle');
  }

  private async end(session: Session, reason: string): Promise<void> {
    this.sessions.delete(session.id);
    this.options.logger?.debug({ session: session.id, reason }, 'mcp session closed');
    await session.server.close().catch(() => {});
  }

  private onCatalogEvent(event: CatalogEvent): void {
    let any = false;
    for (const session of this.sessions.values()) {
      if (!visibleTo(session.principal)(event.entry)) continue;
      session.listChanged = true;
      any = true;
      for (const uri of session.subscriptions) if (subscribedName(uri) === event.name) session.updated.add(uri);
    }
    if (any) this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.lastGeneration = this.options.catalog.query.generation();
      for (const session of this.sessions.values()) this.notify(session);
    }, this.options.notifyDelayMs ?? 50);
    this.flushTimer.unref();
  }

  private notify(session: Session): void {
    const server = session.server.server;
    const ignore = () => {};
    if (session.listChanged) {
      session.listChanged = false;
      server.sendResourceListChanged().catch(ignore);
      server.sendPromptListChanged().catch(ignore);
    }
    for (const uri of session.updated) server.sendResourceUpdated({ uri }).catch(ignore);
    session.updated.clear();
  }
}

function subscribedName(uri: string): string | null {
  try {
    return parseSkillUri(uri).name;
  } catch {
    return null;
  }
}

function reply(res: ServerResponse, status: number, code: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}
