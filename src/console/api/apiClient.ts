import type * as z from 'zod/mini';
import { signOut } from '../auth/session.js';

/** An answer the console cannot use; `code` is the API's `error` (or the console's own). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface RequestOptions {
  readonly token?: string | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly method?: 'GET' | 'POST';
  /** Statuses besides 2xx whose body is data, not an error (`/readyz` answers 503 with details). */
  readonly dataStatuses?: readonly number[];
  /** Whether a 401 ends the session (not while signing in: there is no session yet). */
  readonly signOutOnRefusal?: boolean;
}

/**
 * Calls the API on the console's own origin and checks the answer against `schema`. A 401 for a
 * token we sent ends the session: the token was removed from API_KEYS, or mistyped.
 */
export async function requestJson<T>(
  path: string,
  schema: z.ZodMiniType<T>,
  options: RequestOptions = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers: {
        accept: 'application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      cache: 'no-store',
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError(0, 'network_error', 'The service did not answer. Is it running?');
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok && !options.dataStatuses?.includes(response.status)) {
    const { error, message } = (body ?? {}) as { error?: unknown; message?: unknown };
    const apiError = new ApiError(
      response.status,
      typeof error === 'string' ? error : 'http_error',
      typeof message === 'string' ? message : `The service answered ${response.status}.`,
    );
    if (response.status === 401 && options.token && options.signOutOnRefusal !== false) {
      signOut('The service no longer accepts this token. Sign in again.');
    }
    throw apiError;
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError(
      response.status,
      'unexpected_answer',
      `The service's answer to ${path} has an unexpected shape (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}).`,
    );
  }
  return parsed.data;
}

/** Builds `/payments/generic/pay%2F1`-style paths: every parameter is URI-encoded. */
export function apiPath(strings: TemplateStringsArray, ...values: readonly string[]): string {
  return strings.reduce(
    (path, part, index) =>
      path + part + (index < values.length ? encodeURIComponent(values[index] ?? '') : ''),
    '',
  );
}
