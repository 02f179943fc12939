import { useEffect, useState } from 'preact/hooks';

/** The current location, as the app's routes see it. */
export interface Location {
  path: string;
  params: URLSearchParams;
}

function read(): Location {
  return { path: window.location.pathname, params: new URLSearchParams(window.location.search) };
}

const listeners = new Set<() => void>();
window.addEventListener('popstate', () => listeners.forEach((listener) => listener()));

/** Goes to a client route without reloading; `replace` keeps the history entry (typing in search). */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === window.location.pathname + window.location.search) return;
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  listeners.forEach((listener) => listener());
  if (!options.replace) {
    window.scrollTo(0, 0);
    // Move focus to the new page's heading, as a full page load would for a screen reader.
    queueMicrotask(() => document.querySelector<HTMLElement>('main h1')?.focus());
  }
}

export function useLocation(): Location {
  const [location, setLocation] = useState(read);
  useEffect(() => {
    const update = () => setLocation(read());
    listeners.add(update);
    return () => void listeners.delete(update);
  }, []);
  return location;
}

/** Same-origin links are handled in the page; modified clicks (new tab) are left to the browser. */
export function interceptLinks(): void {
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = (event.target as Element | null)?.closest?.('a');
    if (!anchor || anchor.target || anchor.hasAttribute('download') || !anchor.hasAttribute('data-route')) return;
    const url = new URL(anchor.href);
    if (url.origin !== window.location.origin) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
}
