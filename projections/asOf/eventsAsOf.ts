import type { RecordedEvent } from '../../src/eventStore/eventStore.js';

/**
 * Which clock "as of" reads: `recorded`, the time the event store recorded each event (what
 * payledger knew at that moment), or `effective`, the gateway's own time for it (`occurredAt`:
 * what the gateway says had happened by then, including events that reached payledger later).
 */
export type AsOfBasis = 'recorded' | 'effective';

export interface AsOf {
  readonly at: Date;
  readonly basis: AsOfBasis;
}

function effectiveTime(event: RecordedEvent): number | undefined {
  const data = event.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const occurredAt = data['occurredAt'];
  if (typeof occurredAt !== 'string') return undefined;
  const time = Date.parse(occurredAt);
  return Number.isNaN(time) ? undefined : time;
}

/**
 * The events of a log-ordered list that had happened at `asOf.at` (at or before it), in the same
 * order. With `effective`, an event without a readable gateway time is left out: nothing says it
 * had happened by then (the projection parks such an event anyway).
 */
export function eventsAsOf(events: readonly RecordedEvent[], asOf: AsOf): RecordedEvent[] {
  const limit = asOf.at.getTime();
  return events.filter((event) => {
    const time = asOf.basis === 'recorded' ? event.recordedAt.getTime() : effectiveTime(event);
    return time !== undefined && time <= limit;
  });
}
