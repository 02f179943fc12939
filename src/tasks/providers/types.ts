/** One message of a chat-completions conversation. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  /** Overrides the provider's configured model. */
  model?: string;
  messages: ChatMessage[];
  /** Most tokens the model may write; the task's budget. */
  maxTokens?: number;
  temperature?: number;
}

/** Token counts as the provider reported them. */
export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface ChatResult {
  text: string;
  /** Null when the provider did not report usage (an older server ignoring `stream_options`). */
  usage: ChatUsage | null;
  /** `stop`, `length` (the budget ran out), `content_filter`, ...; null when not reported. */
  finishReason: string | null;
  /** The model the provider says answered. */
  model: string | null;
}

export interface ChatOptions {
  /** Aborts the request (a cancelled task); the call then rejects with a ProviderError of kind `aborted`. */
  signal?: AbortSignal;
  /** Streams the answer and calls this with each piece of text as it arrives. */
  onDelta?: (text: string) => void;
}

/** Something that answers chat-completions requests. */
export interface ChatProvider {
  /** The model used when a request names none; undefined when the provider needs no name (an Azure deployment URL). */
  readonly defaultModel: string | undefined;
  /** True when the URL itself names the model (an Azure deployment), so requests need no model name. */
  readonly modelInUrl: boolean;
  /** Safe to log and show: the base URL without credentials. */
  readonly describe: string;
  chat(request: ChatRequest, options?: ChatOptions): Promise<ChatResult>;
}

export type ProviderErrorKind =
  /** The provider took too long: to start answering, between streamed pieces, or overall. */
  | 'timeout'
  /** The provider answered with an HTTP error status. */
  | 'http'
  /** The connection failed or was cut. */
  | 'network'
  /** The answer did not follow the protocol (malformed JSON, an error inside the stream). */
  | 'protocol'
  /** The caller aborted the request. */
  | 'aborted';

/**
 * A failed model call. The message is written for the person who submitted the task and never
 * contains the API key (the client strips it from anything the provider echoes back).
 */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly details: {
      status?: number;
      /** Text had already been streamed when it failed, so it was not retried. */
      outputStarted?: boolean;
      /** Requests made, retries included. */
      attempts?: number;
      /** The text received before the failure. */
      partialText?: string;
    } = {},
  ) {
    super(message);
  }

  /** A stable code for task records and API answers. */
  get code(): string {
    if (this.kind === 'http' && this.details.status === 429) return 'provider_rate_limited';
    return `provider_${this.kind === 'http' ? 'error' : this.kind}`;
  }
}
