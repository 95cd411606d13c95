/** How far ahead of our clock a gateway's event time may be before it is not believed. */
export const MAX_FUTURE_SKEW_MS = 24 * 60 * 60 * 1000;

/**
 * Normalizes a gateway's event time to ISO 8601 UTC. A time far in the future is refused: status
 * ordering trusts event times, so one bogus future event would pin a payment's status forever.
 */
export function checkOccurredAt(
  time: string | number,
  now: Date,
): { readonly ok: true; readonly iso: string } | { readonly ok: false; readonly reason: string } {
  const date = typeof time === 'number' ? new Date(time * 1000) : new Date(time);
  if (Number.isNaN(date.getTime()))
    return { ok: false, reason: `event time ${String(time)} is not a time` };
  if (date.getTime() - now.getTime() > MAX_FUTURE_SKEW_MS) {
    return {
      ok: false,
      reason: `event time ${date.toISOString()} is more than 24 h in the future`,
    };
  }
  return { ok: true, iso: date.toISOString() };
}
