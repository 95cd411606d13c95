import Database from 'better-sqlite3';
import { ReadModelUnavailableError } from '../readModelErrors.js';

/** What better-sqlite3 throws when the file cannot be used: an SQLite error, or a closed handle. */
function isStoreFailure(error: unknown): boolean {
  return (
    error instanceof Database.SqliteError ||
    (error instanceof TypeError && /database connection is not open/i.test(error.message))
  );
}

/**
 * better-sqlite3 is synchronous, so a closed or broken database throws at the call instead of
 * rejecting. Every promise-returning method of the adapter goes through this, so callers see a
 * rejection: `store_unavailable` for a store failure, any other error (a write conflict, a stale
 * target, a bad query) as it is.
 */
export function rejectSyncThrows<T extends object>(target: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(target)) {
    wrapped[name] =
      typeof value === 'function'
        ? (...args: unknown[]) => {
            try {
              return (value as (...a: unknown[]) => unknown).apply(target, args);
            } catch (error) {
              return Promise.reject(
                isStoreFailure(error)
                  ? new ReadModelUnavailableError(undefined, { cause: error })
                  : error instanceof Error
                    ? error
                    : new Error(String(error)),
              );
            }
          }
        : value;
  }
  return wrapped as T;
}
