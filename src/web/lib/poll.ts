/**
 * Asks for something until it is finished, handing every answer on so progress shows as it
 * moves: for jobs the server runs in the background (imports, scans). Stops when `signal` aborts.
 */
export async function pollUntil<T>(read: (signal: AbortSignal) => Promise<T>, finished: (value: T) => boolean, onUpdate: (value: T) => void, signal: AbortSignal, intervalMs = 400): Promise<T> {
  for (;;) {
    const value = await read(signal);
    if (signal.aborted) throw new DOMException('Stopped', 'AbortError');
    onUpdate(value);
    if (finished(value)) return value;
    await new Promise<void>((resolve, reject) => {
      const timer = window.setTimeout(resolve, intervalMs);
      signal.addEventListener('abort', () => (window.clearTimeout(timer), reject(new DOMException('Stopped', 'AbortError'))), { once: true });
    });
  }
}
