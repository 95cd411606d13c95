import { StoreUnavailableError } from '../eventStoreErrors.js';

/**
 * Rejects with `StoreUnavailableError` when `work` has not settled within `ms`. The v6 client
 * sends no deadline with reads and only a server-side one with batched appends, so a node that
 * accepts connections but never answers would otherwise hang the caller. `onTimeout` lets the
 * caller cancel the abandoned call.
 */
export async function withDeadline<T>(
  work: Promise<T>,
  ms: number,
  onTimeout: () => void = () => undefined,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new StoreUnavailableError(`EventStoreDB did not answer within ${ms} ms.`));
    }, ms);
  });
  // The abandoned call may still fail later; that failure is already reported as the timeout.
  work.catch(() => undefined);
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
