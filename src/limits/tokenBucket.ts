/** Monotonic milliseconds: wall-clock jumps must neither freeze nor flood a limit. */
export const monotonicMs = (): number => performance.now();

export type Take = { readonly ok: true } | { readonly ok: false; readonly retryAfterMs: number };

export interface TokenBucket {
  /** Takes one token if there is one; otherwise says how long until the next. */
  take(): Take;
  /** Whether a token is available, without taking it. */
  peek(): Take;
}

/**
 * A token bucket: up to `capacity` at once, refilled continuously at `refillPerSecond`. Over any
 * span of `t` seconds it lets through at most `capacity + refillPerSecond × t`.
 */
export function createTokenBucket(options: {
  readonly capacity: number;
  readonly refillPerSecond: number;
  readonly now?: () => number;
}): TokenBucket {
  const now = options.now ?? monotonicMs;
  let tokens = options.capacity;
  let updatedAt = now();

  function refill(): void {
    const at = now();
    tokens = Math.min(
      options.capacity,
      tokens + ((at - updatedAt) / 1000) * options.refillPerSecond,
    );
    updatedAt = at;
  }

  function peek(): Take {
    refill();
    if (tokens >= 1) return { ok: true };
    return { ok: false, retryAfterMs: ((1 - tokens) / options.refillPerSecond) * 1000 };
  }

  return {
    peek,
    take() {
      const available = peek();
      if (available.ok) tokens -= 1;
      return available;
    },
  };
}
