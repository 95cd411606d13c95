import { InvalidQueryError } from './readModelErrors.js';

/** Position in the `lastEventAt desc, key asc` order of payment listings. */
export interface PaymentCursor {
  readonly lastEventAtMs: number;
  readonly key: string;
}

export function encodePaymentCursor(cursor: PaymentCursor): string {
  return Buffer.from(JSON.stringify([cursor.lastEventAtMs, cursor.key])).toString('base64url');
}

export function decodePaymentCursor(text: string): PaymentCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      Number.isSafeInteger(value[0]) &&
      typeof value[1] === 'string'
    ) {
      return { lastEventAtMs: value[0] as number, key: value[1] };
    }
  } catch {
    // falls through to the error below
  }
  throw new InvalidQueryError('cursor is not one this service returned');
}
