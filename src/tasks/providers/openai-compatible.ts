import type { Logger } from '../../util/logger.js';
import { backoffDelay, isRetryableStatus, retryAfterMs, sleep } from './retry.js';
import { SseParser } from './sse-parser.js';
import { ProviderError, type ChatOptions, type ChatProvider, type ChatRequest, type ChatResult, type ChatUsage } from './types.js';

export interface OpenAiCompatibleOptions {
  /** The API root, e.g. `https://api.openai.com/v1`, `http://localhost:11434/v1`, or an Azure deployment URL. */
  baseUrl: string;
  apiKey?: string;
  /** Model used when a request names none. */
  model?: string;
  /** `azure`: the key goes in an `api-key` header and `api-version` is added to the query. */
  style: 'openai' | 'azure';
  azureApiVersion?: string;
  /** Longest wait for the provider to start answering, and, while streaming, for the next piece. */
  connectTimeoutMs: number;
  /** Longest a whole call may take, retries and their waits included. */
  timeoutMs: number;
  /** Further attempts after the first, on 429, 408, 5xx, a refused connection or a slow start. */
  maxRetries: number;
  /** First backoff delay; doubled per attempt, with jitter. */
  retryBaseMs: number;
  /** Longest single wait between attempts, unless the provider asks for more with Retry-After. */
  retryMaxMs?: number;
  /** `max_completion_tokens` for OpenAI reasoning models, which refuse `max_tokens`. */
  maxTokensParam: 'max_tokens' | 'max_completion_tokens';
  fetch?: typeof fetch;
  logger?: Logger;
}

type StopReason = 'connect' | 'idle' | 'total' | 'aborted';

/** One attempt's failure, with what the retry loop needs to decide. */
class AttemptFailure {
  constructor(
    readonly error: ProviderError,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
    /** The server refused `stream_options`: try once more without it, not counted as a retry. */
    readonly rejectsStreamOptions = false,
  ) {}
}

const MAX_ERROR_BODY = 4096;

/**
 * A client for the OpenAI chat-completions protocol, written over `fetch` so that timeouts,
 * retries and stream handling are exactly what a task needs: OpenAI, Azure OpenAI, vLLM, Ollama
 * and LiteLLM all speak it. Streams (`stream: true`, with usage in the last chunk), retries 429
 * and 5xx with backoff and Retry-After, and never retries once text has been streamed.
 */
export class OpenAiCompatibleProvider implements ChatProvider {
  readonly defaultModel: string | undefined;
  readonly describe: string;
  readonly modelInUrl: boolean;
  private readonly url: string;
  private readonly fetch: typeof fetch;
  /** Cleared after a server refuses `stream_options` (older Azure API versions, old servers). */
  private streamUsage = true;

  constructor(private readonly options: OpenAiCompatibleOptions) {
    this.defaultModel = options.model;
    this.url = chatCompletionsUrl(options);
    this.describe = safeDescription(this.url);
    this.modelInUrl = options.style === 'azure' && /\/deployments\/[^/]+\//.test(new URL(this.url).pathname);
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async chat(request: ChatRequest, options: ChatOptions = {}): Promise<ChatResult> {
    const deadline = Date.now() + this.options.timeoutMs;
    let retries = 0;
    for (;;) {
      try {
        return await this.attempt(request, options, deadline);
      } catch (err) {
        if (!(err instanceof AttemptFailure)) throw err;
        if (err.rejectsStreamOptions && this.streamUsage) {
          this.streamUsage = false;
          this.options.logger?.warn({ provider: this.describe }, 'model provider refuses stream_options; usage will not be reported for streamed answers');
          continue;
        }
        const attempts = retries + 1;
        if (!err.retryable || retries >= this.options.maxRetries) throw withAttempts(err.error, attempts);
        const wait = err.retryAfterMs ?? backoffDelay(retries, { baseMs: this.options.retryBaseMs, maxMs: this.options.retryMaxMs ?? 30_000 });
        if (Date.now() + wait >= deadline) {
          const asked = err.retryAfterMs !== undefined ? ` (it asked to wait ${Math.ceil(wait / 1000)} s)` : '';
          throw withAttempts(new ProviderError(err.error.kind, `${err.error.message}; not retried${asked}: that would pass the ${this.options.timeoutMs} ms time limit`, err.error.details), attempts);
        }
        this.options.logger?.warn({ provider: this.describe, attempt: attempts, wait_ms: wait, status: err.error.details.status, reason: err.error.kind }, 'model request failed; retrying');
        try {
          await sleep(wait, options.signal);
        } catch {
          throw new ProviderError('aborted', 'the request was cancelled', { attempts });
        }
        retries++;
      }
    }
  }

  private async attempt(request: ChatRequest, options: ChatOptions, deadline: number): Promise<ChatResult> {
    if (options.signal?.aborted) throw new AttemptFailure(new ProviderError('aborted', 'the request was cancelled'), false);
    const stream = options.onDelta !== undefined;
    const controller = new AbortController();
    let stopped: StopReason | null = null;
    const stop = (why: StopReason) => {
      if (stopped) return;
      stopped = why;
      controller.abort();
    };
    const onCallerAbort = () => stop('aborted');
    options.signal?.addEventListener('abort', onCallerAbort, { once: true });
    const total = setTimeout(() => stop('total'), Math.max(0, deadline - Date.now()));
    let idle = setTimeout(() => stop('connect'), this.options.connectTimeoutMs);
    const resetIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => stop('idle'), this.options.connectTimeoutMs);
    };
    const state = { text: '', outputStarted: false };
    const failed = (err: unknown): AttemptFailure => this.failure(err, stopped, state.outputStarted, state.text);

    try {
      let response: Response;
      try {
        response = await this.fetch(this.url, {
          method: 'POST',
          headers: this.headers(stream),
          body: JSON.stringify(this.body(request, stream)),
          signal: controller.signal,
        });
      } catch (err) {
        throw failed(err);
      }
      resetIdle();
      if (!response.ok) {
        let body = '';
        try {
          body = await readLimited(response, MAX_ERROR_BODY);
        } catch {
          // The status says enough on its own.
        }
        const status = response.status;
        const rejectsStreamOptions = stream && (status === 400 || status === 422) && body.includes('stream_options');
        const message = `the model provider answered ${status}${describeStatus(status)}${providerMessage(body, this.redact)}`;
        throw new AttemptFailure(new ProviderError('http', message, { status }), isRetryableStatus(status), retryAfterMs(response.headers), rejectsStreamOptions);
      }
      if (!stream) {
        let payload: unknown;
        try {
          payload = JSON.parse(await response.text());
        } catch (err) {
          if (stopped || !(err instanceof SyntaxError)) throw failed(err);
          throw new AttemptFailure(new ProviderError('protocol', 'the model provider sent a response that is not JSON'), false);
        }
        return readCompletion(payload, this.redact);
      }
      return await this.readStream(response, options.onDelta!, state, resetIdle, failed);
    } finally {
      clearTimeout(total);
      clearTimeout(idle);
      options.signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  private async readStream(
    response: Response,
    onDelta: (text: string) => void,
    state: { text: string; outputStarted: boolean },
    resetIdle: () => void,
    failed: (err: unknown) => AttemptFailure,
  ): Promise<ChatResult> {
    if (!response.body) throw new AttemptFailure(new ProviderError('protocol', 'the model provider sent an empty stream'), false);
    const parser = new SseParser();
    const reader = response.body.getReader();
    let usage: ChatUsage | null = null;
    let finishReason: string | null = null;
    let model: string | null = null;
    let done = false;

    const handle = (data: string) => {
      if (data.trim() === '[DONE]') {
        done = true;
        return;
      }
      let chunk: StreamChunk;
      try {
        chunk = JSON.parse(data) as StreamChunk;
      } catch {
        throw new AttemptFailure(protocolError(`the model provider sent a malformed stream chunk: ${clip(this.redact(data), 120)}`, state), false);
      }
      if (!chunk || typeof chunk !== 'object') throw new AttemptFailure(protocolError('the model provider sent a stream chunk that is not an object', state), false);
      // vLLM and LiteLLM report a failure that happens mid-answer as a chunk with `error`.
      if (chunk.error) throw new AttemptFailure(protocolError(`the model provider failed mid-stream${providerMessage(JSON.stringify(chunk), this.redact)}`, state), false);
      if (typeof chunk.model === 'string') model = chunk.model;
      const usageRead = readUsage(chunk.usage);
      if (usageRead) usage = usageRead;
      // Azure sends content-filter chunks with no choices; the usage chunk has none either.
      const choice = Array.isArray(chunk.choices) ? chunk.choices.find((c) => (c?.index ?? 0) === 0) : undefined;
      if (!choice) return;
      const piece = choice.delta?.content;
      if (typeof piece === 'string' && piece !== '') {
        state.text += piece;
        state.outputStarted = true;
        onDelta(piece);
      }
      if (typeof choice.finish_reason === 'string') finishReason = choice.finish_reason;
    };

    try {
      while (!done) {
        let read: Awaited<ReturnType<typeof reader.read>>;
        try {
          read = await reader.read();
        } catch (err) {
          throw failed(err);
        }
        if (read.done) {
          for (const data of parser.end()) if (!done) handle(data);
          break;
        }
        resetIdle();
        for (const data of parser.push(read.value)) {
          handle(data);
          if (done) break;
        }
      }
    } finally {
      // Stop the download of whatever the server still sends after [DONE] (or after a failure).
      reader.cancel().catch(() => {});
    }
    if (!done && finishReason === null) {
      throw new AttemptFailure(
        new ProviderError('network', 'the model provider closed the stream before the answer was complete', { outputStarted: state.outputStarted, partialText: state.text }),
        !state.outputStarted,
      );
    }
    return { text: state.text, usage, finishReason, model };
  }

  private failure(err: unknown, stopped: StopReason | null, outputStarted: boolean, partialText: string): AttemptFailure {
    if (err instanceof AttemptFailure) return err;
    const details = { outputStarted, partialText };
    switch (stopped) {
      case 'aborted':
        return new AttemptFailure(new ProviderError('aborted', 'the request was cancelled', details), false);
      case 'total':
        return new AttemptFailure(new ProviderError('timeout', `the model provider did not finish within ${this.options.timeoutMs} ms`, details), false);
      case 'connect':
        return new AttemptFailure(new ProviderError('timeout', `the model provider did not start answering within ${this.options.connectTimeoutMs} ms`, details), true);
      case 'idle':
        return new AttemptFailure(new ProviderError('timeout', `the model provider went silent for ${this.options.connectTimeoutMs} ms mid-answer`, details), !outputStarted);
      default: {
        const cause = networkCause(err);
        const message = outputStarted
          ? `the connection to the model provider broke mid-answer${cause}`
          : `could not reach the model provider at ${this.describe}${cause}`;
        return new AttemptFailure(new ProviderError('network', message, details), !outputStarted);
      }
    }
  }

  private headers(stream: boolean): Record<string, string> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: stream ? 'text/event-stream' : 'application/json',
      'user-agent': 'skillport',
    };
    const key = this.options.apiKey;
    if (key) {
      if (this.options.style === 'azure') headers['api-key'] = key;
      else headers.authorization = `Bearer ${key}`;
    }
    return headers;
  }

  private body(request: ChatRequest, stream: boolean): Record<string, unknown> {
    const model = request.model ?? this.options.model;
    return {
      ...(model ? { model } : {}),
      messages: request.messages,
      ...(request.maxTokens !== undefined ? { [this.options.maxTokensParam]: request.maxTokens } : {}),
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      stream,
      ...(stream && this.streamUsage ? { stream_options: { include_usage: true } } : {}),
    };
  }

  /** Removes the API key from text the provider sent back (some echo a part of it, or all of it). */
  private readonly redact = (text: string): string => {
    const key = this.options.apiKey;
    return key && key.length >= 4 ? text.split(key).join('[redacted]') : text;
  };
}

interface StreamChunk {
  model?: unknown;
  usage?: unknown;
  error?: unknown;
  choices?: Array<{ index?: number; delta?: { content?: unknown }; finish_reason?: unknown } | null>;
}

function chatCompletionsUrl(options: OpenAiCompatibleOptions): string {
  const url = new URL(options.baseUrl.trim());
  // A base URL that already names the endpoint is used as given.
  if (!/\/chat\/completions\/?$/.test(url.pathname)) url.pathname = `${url.pathname.replace(/\/+$/, '')}/chat/completions`;
  if (options.style === 'azure' && options.azureApiVersion && !url.searchParams.has('api-version')) url.searchParams.set('api-version', options.azureApiVersion);
  return url.toString();
}

/** The URL without credentials or query, for logs and messages. */
function safeDescription(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

function readCompletion(payload: unknown, redact: (text: string) => string): ChatResult {
  const body = payload as { choices?: Array<{ message?: { content?: unknown }; finish_reason?: unknown }>; usage?: unknown; model?: unknown; error?: unknown };
  if (body && typeof body === 'object' && body.error) {
    throw new AttemptFailure(new ProviderError('protocol', `the model provider reported an error${providerMessage(JSON.stringify(body), redact)}`), false);
  }
  const choice = Array.isArray(body?.choices) ? body.choices[0] : undefined;
  const content = choice?.message?.content;
  if (!choice || (content !== null && content !== undefined && typeof content !== 'string')) {
    throw new AttemptFailure(new ProviderError('protocol', 'the model provider sent a response without choices[0].message'), false);
  }
  return {
    text: typeof content === 'string' ? content : '',
    usage: readUsage(body.usage),
    finishReason: typeof choice.finish_reason === 'string' ? choice.finish_reason : null,
    model: typeof body.model === 'string' ? body.model : null,
  };
}

function readUsage(value: unknown): ChatUsage | null {
  if (!value || typeof value !== 'object') return null;
  const u = value as Record<string, unknown>;
  const prompt = typeof u.prompt_tokens === 'number' ? u.prompt_tokens : null;
  const completion = typeof u.completion_tokens === 'number' ? u.completion_tokens : null;
  if (prompt === null && completion === null) return null;
  const total = typeof u.total_tokens === 'number' ? u.total_tokens : (prompt ?? 0) + (completion ?? 0);
  return { prompt_tokens: prompt ?? 0, completion_tokens: completion ?? 0, total_tokens: total };
}

/** The human part of a provider's error body (`{error: {message}}`, `{error: "..."}`, `{message}`, `{detail}`), as `: <text>`. */
function providerMessage(body: string, redact: (text: string) => string): string {
  if (!body.trim()) return '';
  let text = body;
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const error = parsed.error as Record<string, unknown> | string | undefined;
    const found = typeof error === 'string' ? error : typeof error?.message === 'string' ? error.message : typeof parsed.message === 'string' ? parsed.message : typeof parsed.detail === 'string' ? parsed.detail : undefined;
    if (found !== undefined) text = found;
  } catch {
    // Not JSON: show the text itself.
  }
  return `: ${clip(redact(text.replace(/\s+/g, ' ').trim()), 300)}`;
}

function describeStatus(status: number): string {
  if (status === 401 || status === 403) return ' (check SKILLPORT_MODEL_API_KEY)';
  if (status === 404) return ' (check SKILLPORT_MODEL_BASE_URL and the model name)';
  if (status === 429) return ' (rate limited)';
  return '';
}

function networkCause(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code ?? (err as { code?: string })?.code;
  if (code) return ` (${code})`;
  const message = cause?.message ?? (err instanceof Error ? err.message : undefined);
  return message ? ` (${clip(message, 120)})` : '';
}

function protocolError(message: string, state: { text: string; outputStarted: boolean }): ProviderError {
  return new ProviderError('protocol', message, { outputStarted: state.outputStarted, partialText: state.text });
}

function withAttempts(error: ProviderError, attempts: number): ProviderError {
  return new ProviderError(error.kind, error.message, { ...error.details, attempts });
}

/** An error body, cut short: only its message is shown. */
async function readLimited(response: Response, limit: number): Promise<string> {
  const text = await response.text();
  return text.length > limit ? text.slice(0, limit) : text;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}
