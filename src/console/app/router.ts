import { useEffect, useState } from 'preact/hooks';

/** Where the service serves the console; every route below is relative to it. */
export const BASE_PATH = '/console';

export interface Location {
  /** The path below BASE_PATH, always starting with `/` (`/payments/generic/pay_1`). */
  readonly path: string;
  readonly query: URLSearchParams;
  /** What the page that navigated here left in the history entry (e.g. a paging trail). */
  readonly state: unknown;
}

const NAVIGATED = 'payledger:navigated';

function currentLocation(): Location {
  const { pathname, search } = window.location;
  const below = pathname.startsWith(BASE_PATH) ? pathname.slice(BASE_PATH.length) : pathname;
  return {
    path: below === '' ? '/' : below,
    query: new URLSearchParams(search),
    state: window.history.state as unknown,
  };
}

/** A console path with a query; parameters that are empty or undefined are left out. */
export function href(path: string, query: Record<string, string | undefined> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) search.set(key, value);
  const text = search.toString();
  return `${BASE_PATH}${path === '/' ? '/' : path}${text ? `?${text}` : ''}`;
}

export function navigate(
  to: string,
  options: { readonly replace?: boolean; readonly state?: unknown } = {},
): void {
  if (options.replace) window.history.replaceState(options.state ?? null, '', to);
  else window.history.pushState(options.state ?? null, '', to);
  window.dispatchEvent(new Event(NAVIGATED));
}

export function useLocation(): Location {
  const [location, setLocation] = useState(currentLocation);
  useEffect(() => {
    const update = () => {
      setLocation(currentLocation());
    };
    window.addEventListener('popstate', update);
    window.addEventListener(NAVIGATED, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(NAVIGATED, update);
    };
  }, []);
  return location;
}

/**
 * Matches `/payments/:gateway/:paymentId` against a path; parameters are URI-decoded.
 * `undefined` when the path does not match.
 */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const segments = (text: string) => text.split('/').filter(Boolean);
  const want = segments(pattern);
  const have = segments(path);
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of want.entries()) {
    const actual = have[index] ?? '';
    if (!part.startsWith(':')) {
      if (part !== actual) return undefined;
      continue;
    }
    try {
      params[part.slice(1)] = decodeURIComponent(actual);
    } catch {
      return undefined;
    }
  }
  return params;
}
