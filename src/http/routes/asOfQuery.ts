import { z } from 'zod';
import type { AsOf } from '../../../projections/asOf/eventsAsOf.js';
import { AppError } from '../../errors/appError.js';

export class InvalidAsOfError extends AppError {
  readonly code = 'invalid_as_of';
}

export class NotFoundAsOfError extends AppError {
  readonly code = 'not_found_as_of';
}

const query = z.object({
  asOf: z.iso.datetime({ offset: true }).optional(),
  effective: z.enum(['true', 'false']).optional(),
});

/** How `asOf` was read, for messages: "recorded at or before …" or "dated … at or before …". */
export function describeAsOf(asOf: AsOf): string {
  const at = asOf.at.toISOString();
  return asOf.basis === 'recorded'
    ? `recorded at or before ${at}`
    : `that the gateway dates at or before ${at}`;
}

/**
 * `?asOf=<ISO time with offset>[&effective=true]` of a read, or undefined for the current
 * document. A time without an offset would mean a different moment on every server, so it is
 * refused rather than guessed; so is `effective` without `asOf`, which would be silently ignored.
 */
export function asOfFromQuery(raw: unknown): AsOf | undefined {
  const parsed = query.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'asOf';
    throw new InvalidAsOfError(
      field === 'effective'
        ? 'effective: give true or false.'
        : 'asOf: give an ISO 8601 time with its offset, e.g. 2026-11-30T12:00:00Z or 2026-11-30T13:00:00+01:00.',
    );
  }
  const { asOf, effective } = parsed.data;
  if (asOf === undefined) {
    if (effective !== undefined) throw new InvalidAsOfError('effective: only with asOf.');
    return undefined;
  }
  return { at: new Date(asOf), basis: effective === 'true' ? 'effective' : 'recorded' };
}
