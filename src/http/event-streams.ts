import type { FastifyInstance, FastifyReply } from 'fastify';
import { SseWriter } from './sse-writer.js';

export interface OpenStream {
  writer: SseWriter;
  /** Aborted when the client goes away (or the server closes the stream). */
  signal: AbortSignal;
}

/**
 * Server-sent event responses of one route module: each opened on a response the route takes
 * over, and each ended when the server closes, so shutdown never waits on a client that stays.
 */
export function eventStreams(app: FastifyInstance, heartbeatMs: number): { open(reply: FastifyReply): OpenStream } {
  const streams = new Set<SseWriter>();
  app.addHook('preClose', (done) => {
    for (const stream of streams) stream.end();
    done();
  });
  return {
    open(reply) {
      reply.hijack();
      const writer = new SseWriter(reply.raw, { headers: reply.getHeaders(), heartbeatMs });
      const abort = new AbortController();
      streams.add(writer);
      writer.onClose(() => {
        abort.abort();
        streams.delete(writer);
      });
      return { writer, signal: abort.signal };
    },
  };
}
