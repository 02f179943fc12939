import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { describe } from './api.js';

export interface AsyncState<T> {
  data: T | undefined;
  error: string | null;
  /** The thrown value itself, for callers that look at its code. */
  failure: unknown;
  loading: boolean;
  reload: () => void;
}

/** Runs `load` whenever `deps` change; a late answer to an outdated request is dropped. */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]): AsyncState<T> {
  const [state, setState] = useState<{ data: T | undefined; error: string | null; failure: unknown; loading: boolean }>({ data: undefined, error: null, failure: null, loading: true });
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const controller = new AbortController();
    const id = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    load(controller.signal).then(
      (data) => id === latest.current && setState({ data, error: null, failure: null, loading: false }),
      (err: unknown) => {
        if (controller.signal.aborted || id !== latest.current) return;
        setState({ data: undefined, error: describe(err), failure: err, loading: false });
      },
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
