import { AppError } from '../errors/appError.js';
import type { ExpectedRevision } from './eventStore.js';

export class StoreUnavailableError extends AppError {
  readonly code = 'store_unavailable';

  constructor(
    message = 'The event store cannot take the write right now; retry later.',
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export class StreamRevisionConflictError extends AppError {
  readonly code = 'stream_revision_conflict';

  constructor(
    readonly streamName: string,
    readonly expectedRevision: ExpectedRevision,
    readonly actualRevision: bigint | 'no_stream',
  ) {
    super(
      `Stream ${streamName} was expected at ${String(expectedRevision)} but is at ${String(actualRevision)}.`,
    );
  }
}

/**
 * An append larger than the store takes in one go (EventStoreDB's `MaxAppendSize`, 1 MiB by
 * default, counting data + metadata + type). Nothing was stored; sending it again cannot help.
 */
export class AppendTooLargeError extends AppError {
  readonly code = 'payload_too_large';

  constructor(
    readonly limitBytes: number,
    limitName: string,
    sizeBytes?: number,
  ) {
    const size = sizeBytes === undefined ? 'This event is' : `This event is ${sizeBytes} bytes,`;
    super(
      `${size} more than the event store takes in one append: ${limitBytes} bytes (${limitName}).`,
    );
  }
}
