import { createTokenBucket, monotonicMs } from '../../../limits/tokenBucket.js';
import { GatewayRateLimitedError } from '../../webhookErrors.js';

/**
 * The calls this process may make to Ippopay's API (`IPPOPAY_API_CALLS_PER_SECOND`, also the
 * burst allowed at once), shared by notifications and re-runs of kept deliveries. It is made once
 * per process and outlives a SIGHUP reload: a reload that brought a fresh, full budget would let
 * anyone who can trigger reloads (or a reload schedule) multiply the calls a flood costs.
 */
export interface IppopayCallBudget {
  readonly callsPerSecond: number;
  /** Takes one call, or throws `GatewayRateLimitedError` (503 with `Retry-After`). */
  spend(): void;
}

export function createIppopayCallBudget(
  callsPerSecond: number,
  now: () => number = monotonicMs,
): IppopayCallBudget {
  const bucket = createTokenBucket({
    capacity: callsPerSecond,
    refillPerSecond: callsPerSecond,
    now,
  });
  return {
    callsPerSecond,
    spend() {
      const taken = bucket.take();
      if (!taken.ok)
        throw new GatewayRateLimitedError(
          'Ippopay',
          callsPerSecond,
          Math.max(1, Math.ceil(taken.retryAfterMs / 1000)),
        );
    },
  };
}
