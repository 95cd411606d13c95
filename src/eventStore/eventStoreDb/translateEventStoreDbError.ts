import {
  CancelledError,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  NotLeaderError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { AppError } from '../../errors/appError.js';
import type { ExpectedRevision } from '../eventStore.js';
import {
  AppendTooLargeError,
  StoreUnavailableError,
  StreamRevisionConflictError,
} from '../eventStoreErrors.js';

export interface AppendContext {
  readonly streamName: string;
  readonly expectedRevision: ExpectedRevision;
}

const UNREACHABLE = [
  UnavailableError,
  DeadlineExceededError,
  TimeoutError,
  CancelledError,
  NotLeaderError,
] as const;

/**
 * Driver errors become port errors, so nothing above this folder sees a driver type. Anything
 * that means "the node cannot answer now" is `StoreUnavailableError` (the caller retries later).
 */
export function translateEventStoreDbError(error: unknown, append?: AppendContext): Error {
  if (error instanceof AppError) return error;
  if (error instanceof WrongExpectedVersionError && append) {
    return new StreamRevisionConflictError(
      append.streamName,
      append.expectedRevision,
      typeof error.actualVersion === 'bigint' ? error.actualVersion : 'no_stream',
    );
  }
  if (error instanceof MaxAppendSizeExceededError) {
    return new AppendTooLargeError(error.maxAppendSize, 'MaxAppendSize of the EventStoreDB server');
  }
  const message = error instanceof Error ? error.message : String(error);
  if (
    UNREACHABLE.some((type) => error instanceof type) ||
    isDiscoveryFailure(message) ||
    isNotHandled(message)
  ) {
    return new StoreUnavailableError(`EventStoreDB is unreachable: ${message}`, { cause: error });
  }
  return new Error(`EventStoreDB request failed: ${message}`, { cause: error });
}

// Connecting through gossip fails with a plain Error rather than a gRPC status.
function isDiscoveryFailure(message: string): boolean {
  return message.startsWith('Failed to discover') || message.includes('ECONNREFUSED');
}

// A node that is starting, or too busy, answers a batch append with a status the v6 client does
// not recognize ("Could not recognize Server Is Not Ready"); reads get UNAVAILABLE with the same
// words (KurrentDB `Streams.BatchAppend.cs`, `RpcExceptions.ServerNotReady`).
function isNotHandled(message: string): boolean {
  return /Server Is (Not Ready|Busy|Too Busy)/.test(message);
}
