import { useCallback, useEffect, useState } from 'preact/hooks';
import type * as z from 'zod/mini';
import { readSession } from '../auth/session.js';
import { ApiError, requestJson } from './apiClient.js';

export type Loadable<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'loaded'; readonly data: T }
  | { readonly state: 'failed'; readonly error: ApiError };

/**
 * GETs `path` (with the session's token) whenever it changes; `null` fetches nothing. A
 * superseded request is aborted, so a slow answer never overwrites a newer one.
 */
export function useApi<T>(
  path: string | null,
  schema: z.ZodMiniType<T>,
): Loadable<T> & { reload(): void } {
  const [result, setResult] = useState<Loadable<T>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (path === null) return undefined;
    const controller = new AbortController();
    setResult({ state: 'loading' });
    requestJson(path, schema, { token: readSession()?.token, signal: controller.signal }).then(
      (data) => {
        setResult({ state: 'loaded', data });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setResult({ state: 'failed', error: asApiError(error) });
      },
    );
    return () => {
      controller.abort();
    };
    // The schema is a module constant; the path (and a reload) decide when to fetch.
  }, [path, generation]);
  const reload = useCallback(() => {
    setGeneration((value) => value + 1);
  }, []);
  return { ...result, reload };
}

export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, 'console_error', error instanceof Error ? error.message : String(error));
}
