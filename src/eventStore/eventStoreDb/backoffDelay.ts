export interface BackoffSettings {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffSettings = { initialDelayMs: 100, maxDelayMs: 30_000 };

/**
 * Capped exponential backoff with "equal jitter": half the delay is fixed, half random, so many
 * instances reconnecting after one outage do not retry in lockstep.
 */
export function backoffDelay(
  attempt: number,
  settings: BackoffSettings,
  random: () => number = Math.random,
): number {
  const capped = Math.min(settings.maxDelayMs, settings.initialDelayMs * 2 ** attempt);
  return capped / 2 + (random() * capped) / 2;
}
