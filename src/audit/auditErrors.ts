import { AppError } from '../errors/appError.js';

export class DigestNotFoundError extends AppError {
  readonly code = 'digest_not_found';

  constructor() {
    super(
      'No digest has been appended yet; the first comes one interval after the first payment event.',
    );
  }
}
