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
