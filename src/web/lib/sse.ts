import { ApiError, send, toError } from './api.js';

/**
 * Reads a `text/event-stream` response from a POST (EventSource can only GET and cannot send a
 * credential header) and calls `onEvent` with each `data:` payload parsed as JSON.
 */
export async function postEventStream(path: string, body: unknown, onEvent: (event: Record<string, unknown>) => void, signal?: AbortSignal): Promise<void> {
  const response = await send(path, { method: 'POST', body, signal, headers: { accept: 'text/event-stream' } });
  if (!response.ok) {
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    throw toError(response.status, parsed);
  }
  if (!response.body) throw new ApiError(0, 'no_stream', 'The browser did not expose the response stream');
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let boundary: number;
    while ((boundary = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, ''))
        .join('\n');
      if (!data) continue;
      try {
        onEvent(JSON.parse(data) as Record<string, unknown>);
      } catch {
        // A line that is not JSON is not one of ours; skip it.
      }
    }
  }
}
