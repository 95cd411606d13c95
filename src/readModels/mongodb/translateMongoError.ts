import {
  MongoBulkWriteError,
  MongoNetworkError,
  MongoNetworkTimeoutError,
  MongoServerSelectionError,
} from 'mongodb';
import { ReadModelUnavailableError } from '../readModelErrors.js';

/** A deadline that passed, as the driver reports it (a socket or wait-queue timeout). */
function isTimeout(error: unknown): boolean {
  return (
    error instanceof MongoNetworkTimeoutError ||
    (error instanceof Error && error.name === 'MongoWaitQueueTimeoutError') ||
    (error instanceof MongoNetworkError && /timed out/i.test(error.message))
  );
}

/**
 * Runs a driver call, turning "cannot reach the server" and "did not answer within the
 * deadline" into the port's error; every other error (a write conflict, a bad query) passes.
 */
export async function translateMongoError<T>(
  deadlineMs: number,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (thrown) {
    // An unordered insertMany or bulkWrite wraps the network error that stopped it.
    const error =
      thrown instanceof MongoBulkWriteError && thrown.errorResponse instanceof MongoNetworkError
        ? thrown.errorResponse
        : thrown;
    if (isTimeout(error)) {
      throw new ReadModelUnavailableError(
        `The read-model store did not answer within ${deadlineMs / 1000} s; retry later.`,
        { cause: error },
      );
    }
    if (error instanceof MongoNetworkError || error instanceof MongoServerSelectionError) {
      throw new ReadModelUnavailableError(undefined, { cause: error });
    }
    throw thrown;
  }
}
