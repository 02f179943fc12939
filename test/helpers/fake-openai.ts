import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A stand-in for an OpenAI-compatible model server on a loopback port, speaking the real wire
 * protocol (POST .../chat/completions, JSON or `text/event-stream` with `data:` chunks, usage in
 * a last chunk when `stream_options.include_usage` is set, `data: [DONE]`). It records every
 * request and can be told how to misbehave, one request at a time.
 */

export type Behaviour =
  /** Answer normally. */
  | { kind: 'ok' }
  /** Wait this long before sending anything (headers included). */
  | { kind: 'slow'; delayMs: number }
  /** Send this many content chunks, then go silent with the connection open. */
  | { kind: 'stall'; afterChunks: number }
  /** Answer with this status (and body and headers) instead. */
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  /** Send one good chunk, then a chunk that is not JSON. */
  | { kind: 'malformed' }
  /** Send this many content chunks, then cut the connection. */
  | { kind: 'cut'; afterChunks: number }
  /** Send one good chunk, then an `error` chunk as vLLM and LiteLLM do. */
  | { kind: 'stream-error' };

export interface RecordedRequest {
  url: string;
  headers: IncomingMessage['headers'];
  body: Record<string, any>;
  /** The client went away before the answer was complete. */
  aborted: boolean;
}

export interface FakeOpenAi {
  /** Base URL with `/v1`, as SKILLPORT_MODEL_BASE_URL takes it. */
  url: string;
  requests: RecordedRequest[];
  /** Behaviours for the next requests, in order; afterwards every request is answered normally. */
  queue(...behaviours: Behaviour[]): void;
  /** The answer text, or a function of the request body that returns it. */
  reply: string | ((body: Record<string, any>) => string);
  /** Pause between streamed chunks. */
  chunkDelayMs: number;
  /** Requests that reached the server, whatever happened to them. */
  readonly count: number;
  close(): Promise<void>;
}

export const FAKE_MODEL = 'fake-model';

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const pending: Behaviour[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const fake: FakeOpenAi = {
    url: '',
    requests: [],
    queue: (...behaviours) => void pending.push(...behaviours),
    reply: 'Hello from the fake model, one word at a time.',
    chunkDelayMs: 0,
    get count() {
      return fake.requests.length;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    if (req.method !== 'POST' || !url.split('?')[0]!.endsWith('/chat/completions')) {
      return json(res, 404, { error: { message: `no route ${req.method} ${url}`, type: 'invalid_request_error' } });
    }
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    const body = JSON.parse(raw) as Record<string, any>;
    const recorded: RecordedRequest = { url, headers: req.headers, body, aborted: false };
    fake.requests.push(recorded);
    let complete = false;
    res.on('close', () => {
      if (!complete) recorded.aborted = true;
    });

    const behaviour = pending.shift() ?? { kind: 'ok' };
    if (behaviour.kind === 'slow') await wait(behaviour.delayMs);
    if (res.destroyed) return;
    if (behaviour.kind === 'status') {
      complete = true;
      return json(res, behaviour.status, behaviour.body ?? { error: { message: `fake failure ${behaviour.status}`, type: 'server_error' } }, behaviour.headers);
    }

    const text = typeof fake.reply === 'function' ? fake.reply(body) : fake.reply;
    const pieces = text.match(/\S+\s*/g) ?? [];
    // One piece is one token here, so a budget (max_tokens) cuts the answer at a known point.
    const budget = body.max_tokens ?? body.max_completion_tokens;
    const limited = typeof budget === 'number' && pieces.length > budget;
    const sent = limited ? pieces.slice(0, budget) : pieces;
    const usage = { prompt_tokens: promptTokens(body), completion_tokens: sent.length, total_tokens: promptTokens(body) + sent.length };
    const model = body.model ?? 'deployment-model';
    const finishReason = limited ? 'length' : 'stop';

    if (!body.stream) {
      complete = true;
      return json(res, 200, {
        id: 'chatcmpl-fake',
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: sent.join('') }, finish_reason: finishReason }],
        usage,
      });
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
      `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model, choices, ...extra })}\n\n`;
    const includeUsage = body.stream_options?.include_usage === true;
    res.write(chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }], includeUsage ? { usage: null } : {}));
    for (let i = 0; i < sent.length; i++) {
      if (res.destroyed) return;
      if (behaviour.kind === 'stall' && i === behaviour.afterChunks) return; // silent, connection left open
      if (behaviour.kind === 'cut' && i === behaviour.afterChunks) return cut(res);
      if (behaviour.kind === 'malformed' && i === 1) return void res.write('data: {"id":"chatcmpl-fake","choices":[{"index":0,"delta":{"content":"oops"\n\n');
      if (behaviour.kind === 'stream-error' && i === 1) {
        res.write(`data: ${JSON.stringify({ error: { message: 'fake engine crashed', type: 'internal_error', code: 500 } })}\n\n`);
        complete = true;
        return void res.end();
      }
      res.write(chunk([{ index: 0, delta: { content: sent[i] }, finish_reason: null }], includeUsage ? { usage: null } : {}));
      if (fake.chunkDelayMs > 0) await wait(fake.chunkDelayMs);
    }
    if (behaviour.kind === 'stall' || behaviour.kind === 'cut') {
      // Fewer pieces than the break point: misbehave at the end instead.
      if (behaviour.kind === 'cut') return cut(res);
      return;
    }
    res.write(chunk([{ index: 0, delta: {}, finish_reason: finishReason }], includeUsage ? { usage: null } : {}));
    if (includeUsage) res.write(chunk([], { usage }));
    res.write('data: [DONE]\n\n');
    complete = true;
    res.end();
  }

  /** Lets what was written reach the client, then drops the connection mid-body. */
  async function cut(res: ServerResponse): Promise<void> {
    await wait(30);
    res.socket?.destroy();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return fake;
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function promptTokens(body: Record<string, any>): number {
  const messages = Array.isArray(body.messages) ? (body.messages as Array<{ content?: string }>) : [];
  return Math.max(1, Math.ceil(messages.reduce((n, m) => n + (m.content?.length ?? 0), 0) / 4));
}
