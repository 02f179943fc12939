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
 * `id:` when given), so EventSource's `onmessage` and plain line readers both get every event.
 */
export class SseWriter {
  private closed = false;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly listeners: Array<() => void> = [];
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
    raw.on('close', () => this.finish());
    raw.on('error', () => this.finish());
  }

  get open(): boolean {
    return !this.closed;
  }

  send(data: object, id?: number): void {
    this.write(`${id !== undefined ? `id: ${id}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
  }

  /** Ends the response normally. */
  end(): void {
    if (this.closed) return;
    this.raw.end();
    this.finish();
  }

  /** Called once, when the stream ends for any reason (the client left, or `end`). */
  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.listeners.push(listener);
  }

  private write(chunk: string): void {
    if (this.closed) return;
    this.raw.write(chunk);
    // A client that reads too slowly is cut off rather than have its backlog held in memory.
    if (this.raw.writableLength > this.maxBuffered) {
      this.raw.destroy();
      this.finish();
    }
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    for (const listener of this.listeners.splice(0)) listener();
  }
}
