import { AppError } from '../errors/appError.js';

export class OverloadedError extends AppError {
  readonly code = 'overloaded';

  constructor(limit: number) {
    super(`More than ${limit} webhooks are waiting to be stored; retry shortly.`);
  }
}

/**
 * Bounds the webhooks in flight between verification and a durable append. Past the bound a
 * delivery is refused at once (503 + Retry-After, and gateways retry) instead of queueing without
 * limit, which would grow memory and latency until every request timed out.
 */
export function createAdmissionLimit(limit: number) {
  let inFlight = 0;
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (inFlight >= limit) throw new OverloadedError(limit);
      inFlight += 1;
      try {
        return await task();
      } finally {
        inFlight -= 1;
      }
    },
    get inFlight(): number {
      return inFlight;
    },
  };
}
