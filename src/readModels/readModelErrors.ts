import { AppError } from '../errors/appError.js';

export class InvalidQueryError extends AppError {
  readonly code = 'invalid_query';
}

export class ReadModelUnavailableError extends AppError {
  readonly code = 'store_unavailable';

  constructor(
    message = 'The read-model store cannot be reached; retry later.',
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
