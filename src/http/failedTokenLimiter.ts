import { AppError } from '../errors/appError.js';
import { createTokenBucket, monotonicMs, type TokenBucket } from '../limits/tokenBucket.js';

export class TooManyAttemptsError extends AppError {
  readonly code = 'too_many_attempts';

  constructor(override readonly retryAfterSeconds: number) {
    super(
      `Too many requests with an unknown API key from this address; retry in ${retryAfterSeconds} s.`,
    );
  }
}

export interface FailedTokenLimiter {
  /** Throws `TooManyAttemptsError` while an address has used up its failed attempts. */
  check(address: string): void;
  /** Counts one failed attempt (a token presented that is not a key). */
  fail(address: string): void;
}

/**
 * Slows down guessing of API keys: each client address may present `attempts` unknown tokens,
 * regained at `attempts` per `perSeconds`; past that, an unknown token from that address answers
 * 429 with `Retry-After`. Known tokens never count and are never refused here: the address is
 * often shared (a proxy, a NAT), and a valid key must not be locked out by another client's
 * failures. (So a right guess is not hidden while blocked: the key's length, at least 16
 * characters, is what makes guessing hopeless; this limit keeps it slow and visible.) At most
 * `maxAddresses` are tracked (the least recently failing are forgotten first).
 */
export function createFailedTokenLimiter(
  options: {
    readonly attempts?: number;
    readonly perSeconds?: number;
    readonly maxAddresses?: number;
    readonly now?: () => number;
  } = {},
): FailedTokenLimiter {
  const attempts = options.attempts ?? 10;
  const refillPerSecond = attempts / (options.perSeconds ?? 60);
  const maxAddresses = options.maxAddresses ?? 10_000;
  const buckets = new Map<string, TokenBucket>();
  return {
    check(address) {
      const available = buckets.get(address)?.peek();
      if (available && !available.ok)
        throw new TooManyAttemptsError(Math.max(1, Math.ceil(available.retryAfterMs / 1000)));
    },
    fail(address) {
      const bucket =
        buckets.get(address) ??
        createTokenBucket({ capacity: attempts, refillPerSecond, now: options.now ?? monotonicMs });
      buckets.delete(address);
      buckets.set(address, bucket);
      bucket.take();
      if (buckets.size > maxAddresses) {
        const oldest = buckets.keys().next();
        if (!oldest.done) buckets.delete(oldest.value);
      }
    },
  };
}
