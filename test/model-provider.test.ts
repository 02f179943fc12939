import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { OpenAiCompatibleProvider, type OpenAiCompatibleOptions } from '../src/tasks/providers/openai-compatible.js';
import { backoffDelay, retryAfterMs } from '../src/tasks/providers/retry.js';
import { SseParser } from '../src/tasks/providers/sse-parser.js';
import { ProviderError } from '../src/tasks/providers/types.js';
import { FAKE_MODEL, startFakeOpenAi, type FakeOpenAi } from './helpers/fake-openai.js';

const API_KEY = 'sk-test-very-secret-key-0123456789';
let fake: FakeOpenAi;

beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(() => fake.close());
afterEach(() => {
  fake.requests.length = 0;
  fake.queue(); // nothing left queued by a test that failed early
  fake.reply = 'Hello from the fake model, one word at a time.';
  fake.chunkDelayMs = 0;
});

function provider(overrides: Partial<OpenAiCompatibleOptions> = {}): OpenAiCompatibleProvider {
  return new OpenAiCompatibleProvider({
    baseUrl: fake.url,
    apiKey: API_KEY,
    model: FAKE_MODEL,
    style: 'openai',
    connectTimeoutMs: 2_000,
    timeoutMs: 10_000,
    maxRetries: 2,
    retryBaseMs: 10,
    maxTokensParam: 'max_tokens',
    ...overrides,
  });
}

const ask = { messages: [{ role: 'user' as const, content: 'Say hello' }] };

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderError);
  return err as ProviderError;
}

describe('the chat-completions wire protocol', () => {
  it('streams an answer piece by piece, with usage from the last chunk', async () => {
    const pieces: string[] = [];
    const result = await provider().chat({ ...ask, maxTokens: 100, temperature: 0.2 }, { onDelta: (text) => pieces.push(text) });
    expect(result).toEqual({
      text: 'Hello from the fake model, one word at a time.',
      usage: { prompt_tokens: expect.any(Number), completion_tokens: 10, total_tokens: expect.any(Number) },
      finishReason: 'stop',
      model: FAKE_MODEL,
    });
    expect(pieces.join('')).toBe(result.text);
    expect(pieces.length).toBe(10);
    const sent = fake.requests[0]!;
    expect(sent.url).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(sent.headers.accept).toBe('text/event-stream');
    expect(sent.body).toEqual({ model: FAKE_MODEL, messages: ask.messages, max_tokens: 100, temperature: 0.2, stream: true, stream_options: { include_usage: true } });
  });

  it('answers without streaming when no delta callback is given', async () => {
    const result = await provider().chat({ ...ask, model: 'other-model' });
    expect(result).toMatchObject({ text: 'Hello from the fake model, one word at a time.', finishReason: 'stop', model: 'other-model' });
    expect(result.usage?.completion_tokens).toBe(10);
    expect(fake.requests[0]!.body).toMatchObject({ model: 'other-model', stream: false });
    expect(fake.requests[0]!.body.stream_options).toBeUndefined();
  });

  it('reports a budget that cut the answer short', async () => {
    const result = await provider().chat({ ...ask, maxTokens: 3 }, { onDelta: () => {} });
    expect(result).toMatchObject({ text: 'Hello from the ', finishReason: 'length', usage: { completion_tokens: 3 } });
  });

  it('sends max_completion_tokens when configured for models that refuse max_tokens', async () => {
    await provider({ maxTokensParam: 'max_completion_tokens' }).chat({ ...ask, maxTokens: 5 }, { onDelta: () => {} });
    expect(fake.requests[0]!.body.max_completion_tokens).toBe(5);
    expect(fake.requests[0]!.body.max_tokens).toBeUndefined();
  });

  it('speaks Azure OpenAI: api-key header, api-version query, model named by the deployment URL', async () => {
    const base = fake.url.replace(/\/v1$/, '/openai/deployments/gpt-4o-prod');
    const azure = provider({ baseUrl: base, style: 'azure', azureApiVersion: '2024-10-21', model: undefined });
    expect(azure.modelInUrl).toBe(true);
    const result = await azure.chat(ask, { onDelta: () => {} });
    expect(result.text).toContain('Hello');
    const sent = fake.requests[0]!;
    expect(sent.url).toBe('/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21');
    expect(sent.headers['api-key']).toBe(API_KEY);
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.body.model).toBeUndefined();
  });

  it('works without an API key (Ollama, vLLM without auth)', async () => {
    await provider({ apiKey: undefined }).chat(ask, { onDelta: () => {} });
    expect(fake.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('falls back to plain streaming when the server refuses stream_options', async () => {
    fake.queue({ kind: 'status', status: 400, body: { error: { message: "Unrecognized request argument supplied: stream_options" } } });
    const client = provider();
    const result = await client.chat(ask, { onDelta: () => {} });
    expect(result.text).toContain('Hello');
    expect(result.usage).toBeNull();
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]!.body.stream_options).toBeUndefined();
  });
});

describe('retries', () => {
  it('retries a 500 and succeeds', async () => {
    fake.queue({ kind: 'status', status: 500 });
    const result = await provider().chat(ask, { onDelta: () => {} });
    expect(result.text).toContain('Hello');
    expect(fake.requests).toHaveLength(2);
  });

  it('honours Retry-After on a 429, then succeeds', async () => {
    fake.queue({ kind: 'status', status: 429, headers: { 'retry-after': '1' }, body: { error: { message: 'Rate limit reached', type: 'requests' } } });
    const started = Date.now();
    const result = await provider().chat(ask, { onDelta: () => {} });
    expect(result.text).toContain('Hello');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(fake.requests).toHaveLength(2);
  });

  it('honours retry-after-ms', async () => {
    fake.queue({ kind: 'status', status: 429, headers: { 'retry-after-ms': '300' } });
    const started = Date.now();
    await provider().chat(ask);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('gives up after the configured retries with the last status in the message', async () => {
    fake.queue({ kind: 'status', status: 503 }, { kind: 'status', status: 502 }, { kind: 'status', status: 500, body: { error: { message: 'engine overloaded' } } });
    const err = await failure(provider({ maxRetries: 2 }).chat(ask, { onDelta: () => {} }));
    expect(err).toMatchObject({ kind: 'http', code: 'provider_error', details: { status: 500, attempts: 3 } });
    expect(err.message).toBe('the model provider answered 500: engine overloaded');
    expect(fake.requests).toHaveLength(3);
  });

  it('does not retry a client error', async () => {
    fake.queue({ kind: 'status', status: 404, body: { error: { message: 'The model `nope` does not exist' } } });
    const err = await failure(provider().chat(ask, { onDelta: () => {} }));
    expect(err.message).toContain('404 (check SKILLPORT_MODEL_BASE_URL and the model name): The model `nope` does not exist');
    expect(fake.requests).toHaveLength(1);
  });

  it('does not wait for a Retry-After beyond the time limit', async () => {
    fake.queue({ kind: 'status', status: 429, headers: { 'retry-after': '120' } });
    const started = Date.now();
    const err = await failure(provider({ timeoutMs: 2_000 }).chat(ask));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(err.code).toBe('provider_rate_limited');
    expect(err.message).toMatch(/not retried \(it asked to wait 120 s\)/);
  });

  it('retries a connection cut before any output, never one cut after output started', async () => {
    fake.queue({ kind: 'cut', afterChunks: 0 });
    const ok = await provider().chat(ask, { onDelta: () => {} });
    expect(ok.text).toContain('Hello');
    expect(fake.requests).toHaveLength(2);

    fake.requests.length = 0;
    fake.queue({ kind: 'cut', afterChunks: 3 });
    const pieces: string[] = [];
    const err = await failure(provider().chat(ask, { onDelta: (t) => pieces.push(t) }));
    expect(err).toMatchObject({ kind: 'network', details: { outputStarted: true, partialText: 'Hello from the ' } });
    expect(err.message).toMatch(/broke mid-answer|closed the stream/);
    expect(pieces.join('')).toBe('Hello from the ');
    expect(fake.requests).toHaveLength(1);
  });

  it('reports an unreachable provider after retrying', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await failure(provider({ baseUrl: `http://127.0.0.1:${port}/v1`, maxRetries: 1 }).chat(ask));
    expect(err).toMatchObject({ kind: 'network', details: { attempts: 2 } });
    expect(err.message).toBe(`could not reach the model provider at http://127.0.0.1:${port}/v1/chat/completions (ECONNREFUSED)`);
  });
});

describe('timeouts and broken streams', () => {
  it('times out a provider that does not start answering, and retries it', async () => {
    fake.queue({ kind: 'slow', delayMs: 1_000 }, { kind: 'slow', delayMs: 1_000 });
    const err = await failure(provider({ connectTimeoutMs: 150, maxRetries: 1 }).chat(ask, { onDelta: () => {} }));
    expect(err).toMatchObject({ kind: 'timeout', code: 'provider_timeout', details: { attempts: 2 } });
    expect(err.message).toBe('the model provider did not start answering within 150 ms');

    fake.queue({ kind: 'slow', delayMs: 1_000 });
    const ok = await provider({ connectTimeoutMs: 150, maxRetries: 1 }).chat(ask, { onDelta: () => {} });
    expect(ok.text).toContain('Hello');
  });

  it('times out a stream that goes silent mid-answer, without retrying', async () => {
    fake.queue({ kind: 'stall', afterChunks: 2 });
    const started = Date.now();
    const err = await failure(provider({ connectTimeoutMs: 200 }).chat(ask, { onDelta: () => {} }));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(err).toMatchObject({ kind: 'timeout', details: { outputStarted: true, attempts: 1 } });
    expect(err.message).toBe('the model provider went silent for 200 ms mid-answer');
    expect(fake.requests).toHaveLength(1);
  });

  it('enforces the total time limit on a slow but steady stream', async () => {
    fake.chunkDelayMs = 100;
    const err = await failure(provider({ timeoutMs: 350 }).chat(ask, { onDelta: () => {} }));
    expect(err).toMatchObject({ kind: 'timeout', details: { outputStarted: true } });
    expect(err.message).toBe('the model provider did not finish within 350 ms');
    expect(fake.requests).toHaveLength(1);
  });

  it('fails on a malformed chunk and keeps what came before', async () => {
    fake.queue({ kind: 'malformed' });
    const err = await failure(provider().chat(ask, { onDelta: () => {} }));
    expect(err).toMatchObject({ kind: 'protocol', details: { partialText: 'Hello ', outputStarted: true } });
    expect(err.message).toMatch(/^the model provider sent a malformed stream chunk: /);
    expect(fake.requests).toHaveLength(1);
  });

  it('fails on an error reported inside the stream', async () => {
    fake.queue({ kind: 'stream-error' });
    const err = await failure(provider().chat(ask, { onDelta: () => {} }));
    expect(err).toMatchObject({ kind: 'protocol' });
    expect(err.message).toBe('the model provider failed mid-stream: fake engine crashed');
  });

  it('aborts the request when the caller cancels', async () => {
    fake.queue({ kind: 'stall', afterChunks: 1 });
    const controller = new AbortController();
    const pending = provider().chat(ask, { signal: controller.signal, onDelta: () => controller.abort() });
    const err = await failure(pending);
    expect(err.kind).toBe('aborted');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.requests[0]!.aborted).toBe(true);
  });
});

describe('secrets', () => {
  it('never puts the API key in an error message, even when the provider echoes it', async () => {
    fake.queue({ kind: 'status', status: 401, body: { error: { message: `Incorrect API key provided: ${API_KEY}.` } } });
    const err = await failure(provider().chat(ask));
    expect(err.message).not.toContain(API_KEY);
    expect(err.message).toBe('the model provider answered 401 (check SKILLPORT_MODEL_API_KEY): Incorrect API key provided: [redacted].');
    expect(JSON.stringify(err)).not.toContain(API_KEY);
  });

  it('reads its settings from the environment', () => {
    const config = loadConfig({
      SKILLPORT_MODEL_BASE_URL: 'https://my-resource.openai.azure.com/openai/deployments/gpt-4o',
      SKILLPORT_MODEL_API_KEY: 'k',
      SKILLPORT_MODEL_MAX_RETRIES: '4',
    });
    expect(config.model).toMatchObject({ style: 'azure', azureApiVersion: '2024-10-21', maxRetries: 4, model: undefined, maxTokensParam: 'max_tokens' });
    expect(loadConfig({ SKILLPORT_MODEL_BASE_URL: 'http://localhost:11434/v1', SKILLPORT_MODEL: 'llama3.2' }).model).toMatchObject({ style: 'openai', model: 'llama3.2' });
    expect(loadConfig({}).model).toBeUndefined();
    expect(() => loadConfig({ SKILLPORT_MODEL_BASE_URL: 'localhost:11434' })).toThrow(/must be an http\(s\) URL/);
    expect(() => loadConfig({ SKILLPORT_MODEL_BASE_URL: 'https://user:secret@llm.example.com/v1' })).toThrow(/must not contain credentials/);
    expect(() => loadConfig({ SKILLPORT_MODEL_BASE_URL: 'http://x/v1', SKILLPORT_MODEL_API_STYLE: 'anthropic' })).toThrow(/openai or azure/);
  });
});

describe('building blocks', () => {
  it('parses server-sent events split anywhere, with any line ending', () => {
    const text = 'data: {"a":1}\r\n\r\n: comment\n\nevent: x\ndata: first\ndata: second\r\rdata: [DONE]\n\n';
    const bytes = new TextEncoder().encode(text);
    for (const size of [1, 2, 3, 7, bytes.length]) {
      const parser = new SseParser();
      const events: string[] = [];
      for (let i = 0; i < bytes.length; i += size) events.push(...parser.push(bytes.subarray(i, i + size)));
      events.push(...parser.end());
      expect(events, `chunks of ${size}`).toEqual(['{"a":1}', 'first\nsecond', '[DONE]']);
    }
    const split = new SseParser();
    const euro = new TextEncoder().encode('data: €\n\n');
    expect([...split.push(euro.subarray(0, 7)), ...split.push(euro.subarray(7))]).toEqual(['€']);
  });

  it('reads Retry-After in seconds, as a date, and retry-after-ms', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }), now)).toBe(2000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }), now)).toBe(5000);
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(250);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
  });

  it('backs off exponentially with jitter, within the cap', () => {
    const options = { baseMs: 100, maxMs: 1_000 };
    expect(backoffDelay(0, options, () => 0)).toBe(50);
    expect(backoffDelay(0, options, () => 1)).toBe(100);
    expect(backoffDelay(2, options, () => 1)).toBe(400);
    expect(backoffDelay(10, options, () => 1)).toBe(1_000);
  });
});
