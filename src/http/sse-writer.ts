import type { ServerResponse } from 'node:http';

export interface SseWriterOptions {
  /** Extra response headers (the request id, ...). */
  headers?: Record<string, string | number | string[] | undefined>;
  /** A comment is sent this often so proxies and clients see a live connection. */
  heartbeatMs: number;
  /** A client whose unsent output grows past this is cut off. Default 4 MiB. */
  maxBufferedBytes?: number;
}

/**
 * Writes server-sent events to a response the route has taken over: `data: <json>` frames (with
 * `id:` and `event:` when given), so EventSource and plain line readers both get every event.
 * Sends a heartbeat comment, and cuts off a client that reads too slowly rather than hold its
 * backlog in memory.
 */
export class SseWriter {
  private closed = false;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly listeners: Array<(reason: string) => void> = [];
  private readonly maxBuffered: number;

  constructor(
    private readonly raw: ServerResponse,
    options: SseWriterOptions,
  ) {
    this.maxBuffered = options.maxBufferedBytes ?? 4 * 1024 * 1024;
    raw.writeHead(200, {
      ...options.headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
    });
    this.heartbeat = setInterval(() => this.write(': ping\n\n'), options.heartbeatMs);
    this.heartbeat.unref();
    raw.on('close', () => this.finish('client disconnected'));
    raw.on('error', () => this.finish('connection error'));
  }

  get open(): boolean {
    return !this.closed;
  }

  send(data: object, id?: number, event?: string): void {
    this.write(`${id !== undefined ? `id: ${id}\n` : ''}${event !== undefined ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
  }

  /** A raw frame: a comment, or an id-only block. */
  write(chunk: string): void {
    if (this.closed) return;
    this.raw.write(chunk);
    if (this.raw.writableLength > this.maxBuffered) {
      this.raw.destroy();
      this.finish('client too slow: write buffer over limit');
    }
  }

  /** Ends the response normally. */
  end(reason = 'ended'): void {
    if (this.closed) return;
    this.raw.end();
    this.finish(reason);
  }

  /** Cuts the connection. */
  destroy(reason: string): void {
    if (this.closed) return;
    this.raw.destroy();
    this.finish(reason);
  }

  /** Called once, with why, when the stream ends for any reason (the client left, a cut-off, `end`). */
  onClose(listener: (reason: string) => void): void {
    if (this.closed) listener('ended');
    else this.listeners.push(listener);
  }

  private finish(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    for (const listener of this.listeners.splice(0)) listener(reason);
  }
}
