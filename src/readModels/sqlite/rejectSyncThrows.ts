import { AppError } from '../../errors/appError.js';
import { ReadModelUnavailableError } from '../readModelErrors.js';

/**
 * better-sqlite3 is synchronous, so a closed or broken database throws at the call instead of
 * rejecting. Every promise-returning method of the adapter goes through this, so callers see a
 * rejection (and a `store_unavailable` one unless the error already is a port error).
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
                error instanceof AppError
                  ? error
                  : new ReadModelUnavailableError(undefined, { cause: error }),
              );
            }
          }
        : value;
  }
  return wrapped as T;
}
