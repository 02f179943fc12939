import { authHeaders, clearCredential, currentCredential } from './session.js';

/** An error answered by the server, in its envelope: `{error, code, details?}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
  get details(): Array<Record<string, unknown>> {
    return Array.isArray(this.body.details) ? (this.body.details as Array<Record<string, unknown>>) : [];
  }
}

/** Called when the server no longer accepts the credential: the app returns to sign-in. */
let onSignedOut: (message: string) => void = () => {};
export function whenSignedOut(handler: (message: string) => void): void {
  onSignedOut = handler;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Leave a 401 to the caller (the sign-in form checks a key this way). */
  allowUnauthorized?: boolean;
}

/** Raw fetch with the credential; a 401 signs the person out with a message that says why. */
export async function send(path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...authHeaders(), ...options.headers };
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(path, { method: options.method ?? 'GET', headers, body, signal: options.signal, credentials: 'omit' });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', 'The server could not be reached. Check your connection and try again.');
  }
  if (response.status === 401 && !options.allowUnauthorized) {
    const message =
      currentCredential()?.kind === 'oidc'
        ? 'Your sign-in is no longer valid (it expired or the identity provider ended it). Sign in again.'
        : 'Your key or session is no longer valid (it expired or was revoked). Sign in again.';
    clearCredential(message);
    onSignedOut(message);
    throw new ApiError(401, 'invalid_token', 'Signed out: your credential is no longer valid');
  }
  return response;
}

/** JSON request; non-2xx answers throw an ApiError carrying the server's message. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) throw toError(response.status, parsed);
  return parsed as T;
}

/** Like api(), also returning the response headers (ETag for optimistic concurrency). */
export async function apiWithHeaders<T>(path: string, options: RequestOptions = {}): Promise<{ data: T; headers: Headers }> {
  const response = await send(path, options);
  const text = await response.text();
  const parsed: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw toError(response.status, parsed);
  return { data: parsed as T, headers: response.headers };
}

export function toError(status: number, parsed: unknown): ApiError {
  const body = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  const message = typeof body.error === 'string' ? body.error : `The server answered ${status}`;
  const code = typeof body.code === 'string' ? body.code : `http_${status}`;
  return new ApiError(status, code, message, body);
}

/** Builds a query string from the set values only. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** A human sentence for any thrown value. */
export function describe(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return 'Something went wrong';
}
