import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { CatalogEvent } from '../../catalog/events.js';
import type { Catalog } from '../../catalog/index.js';
import { hasScope, visibleTo } from '../../auth/policy.js';
import type { Authenticator } from '../../auth/principal.js';
import { AppError } from '../../util/app-error.js';
import { commonErrors } from '../schemas/common.js';
import { SseWriter } from '../sse-writer.js';

export interface EventRoutesOptions {
  catalog: Catalog;
  /** Comment sent this often so proxies and clients see a live connection. Default 15 s. */
  heartbeatMs?: number;
  /** A client whose unsent output grows past this is cut off (it reconnects and resumes). Default 1 MiB. */
  maxBufferedBytes?: number;
  /** Open streams at once on this node; further ones get 503. Default 1000. */
  maxStreams?: number;
  /** With `onIdentityChange`: re-identifies the callers of open streams after a revocation or role change. */
  authenticator?: Authenticator;
  onIdentityChange?: (listener: () => void) => void;
}

interface Stream {
  request: FastifyRequest;
  canSee: (entry: CatalogEvent['entry']) => boolean;
  /** Highest event id this stream has dealt with (sent or filtered out). */
  cursor: number;
  sent: number;
  opened: number;
  close(reason: string): void;
}

const LAST_EVENT_ID = /^\d{1,15}$/;

/**
 * `GET /api/skills/events`: catalog changes as server-sent events, each filtered by what the
 * caller may see. A client that reconnects with `Last-Event-ID` (or `?last_event_id=`) first
 * gets what it missed, or `event: resync` when that is no longer held. `?replay_only=true` sends
 * only that replay and ends the response: a request that finishes, for polling and for scripts.
 */
export const eventRoutes: FastifyPluginAsyncTypebox<EventRoutesOptions> = async (app, options) => {
  const log = options.catalog.log;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const maxBuffered = options.maxBufferedBytes ?? 1024 * 1024;
  const maxStreams = options.maxStreams ?? 1000;
  const streams = new Set<Stream>();

  // A caller whose key was revoked, or whose role or teams changed, is looked up again: the
  // stream ends if it may no longer read, and is filtered anew otherwise.
  if (options.authenticator && options.onIdentityChange) {
    const authenticator = options.authenticator;
    options.onIdentityChange(() => {
      for (const stream of streams) {
        authenticator.authenticate(stream.request).then(
          (principal) => {
            if (!hasScope(principal, 'skills:read')) return stream.close('caller may no longer read skills');
            stream.request.principal = principal;
            stream.canSee = visibleTo(principal);
          },
          () => stream.close('credentials no longer valid'),
        );
      }
    });
  }
  app.addHook('preClose', (done) => {
    for (const stream of streams) stream.close('server shutting down');
    done();
  });

  app.get('/api/skills/events', {
    config: { access: { scope: 'skills:read' } },
    compress: false,
    exposeHeadRoute: false,
    schema: {
      tags: ['skills'],
      summary: 'Catalog changes as server-sent events',
      description: [
        'A `text/event-stream` of `skill.created`, `skill.updated` and `skill.deleted` events, each `id: <event id>`, `event: <type>`,',
        '`data: {"type","name","version","source","generation","at"}`, only for skills the caller may see. A comment (`: ping`) is sent',
        'every 15 seconds. Send `Last-Event-ID` (or `last_event_id`) to receive what was missed first; when that is no longer held',
        'an `event: resync` with `{"reason"}` says to re-read the catalog. `replay_only=true` sends the replay (everything still held',
        'when no id is given) and ends the response.',
      ].join(' '),
      querystring: Type.Object(
        {
          last_event_id: Type.Optional(Type.Integer({ minimum: 0, description: 'Resume after this event id; the Last-Event-ID header wins when both are sent' })),
          replay_only: Type.Optional(Type.Boolean({ description: 'Send the replay, then end the response instead of staying open' })),
        },
        { additionalProperties: false },
      ),
      response: { ...commonErrors },
    },
  }, async (request, reply) => {
    if (streams.size >= maxStreams) throw new AppError(503, 'too_many_streams', 'Too many open event streams on this node; try again later', {}, { 'retry-after': '5' });
    const replayOnly = request.query.replay_only === true;
    const header = request.headers['last-event-id'];
    // The header is what EventSource sends on reconnecting (with the URL it first used), so it wins.
    const given = typeof header === 'string' && header.trim() !== '' ? header.trim() : request.query.last_event_id !== undefined ? String(request.query.last_event_id) : replayOnly ? '0' : undefined;

    reply.hijack();
    // The heartbeat runs from the start: a long replay is a live connection too.
    const writer = new SseWriter(reply.raw, { headers: reply.getHeaders(), heartbeatMs, maxBufferedBytes: maxBuffered });
    let unsubscribe: (() => void) | undefined;
    let closed = false;
    const stream: Stream = {
      request,
      canSee: visibleTo(request.principal),
      cursor: log.lastId,
      sent: 0,
      opened: Date.now(),
      close(reason) {
        if (closed) return;
        closed = true;
        unsubscribe?.();
        streams.delete(stream);
        writer.end(reason);
        request.log.info({ path: '/api/skills/events', principal: request.principal.id ?? request.principal.kind, events_sent: stream.sent, duration_ms: Date.now() - stream.opened, reason }, 'event stream closed');
      },
    };
    // The client left, the connection failed, or it read too slowly and was cut off.
    writer.onClose((reason) => stream.close(reason));
    const write = (chunk: string) => writer.write(chunk);
    const send = (event: CatalogEvent) => {
      if (event.id <= stream.cursor) return;
      stream.cursor = event.id;
      if (!stream.canSee(event.entry)) return;
      stream.sent++;
      write(formatEvent(event));
    };

    // Subscribing and replaying happen in one synchronous stretch, so no event falls between them.
    if (!replayOnly) {
      streams.add(stream);
      unsubscribe = log.subscribe(send);
    }
    if (given !== undefined) {
      const lastId = LAST_EVENT_ID.test(given) ? Number(given) : null;
      const missed = lastId === null || lastId > log.lastId ? null : log.since(lastId);
      if (missed === null) {
        const reason = lastId === null
          ? 'Last-Event-ID is not an event id'
          : lastId > log.lastId
            ? `event ${lastId} was not sent by this server (it may have restarted); re-read the catalog`
            : `events after ${lastId} are no longer held; re-read the catalog`;
        stream.cursor = log.lastId;
        write(`id: ${log.lastId}\nevent: resync\ndata: ${JSON.stringify({ reason })}\n\n`);
      } else {
        stream.cursor = lastId!;
        for (const event of missed) send(event);
        stream.cursor = Math.max(stream.cursor, log.lastId);
      }
    }
    if (replayOnly) return stream.close('replay sent');
    // An id-only block moves the client's Last-Event-ID to now without dispatching an event, so a
    // client that drops before the next visible change resumes from here, not from nothing.
    write(`id: ${stream.cursor}\n\n`);
  });
};

/** One event in the text/event-stream format. */
export function formatEvent(event: CatalogEvent): string {
  const data = { type: event.type, name: event.name, version: event.version, source: event.source, generation: event.generation, at: event.at };
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`;
}
