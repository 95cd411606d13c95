import type { EventStore } from '../../eventStore/eventStore.js';
import { DIGEST_STREAM } from '../digest/digestRecord.js';

/**
 * A log position by which a payledger that chains was certainly running: the first event of the
 * digest stream (only a chaining payledger appends digests), or undefined before any digest.
 * Every payment event recorded after it must carry chain values; one without them had them
 * removed, or was written by something that does not chain. `verifyEventLog` also takes the
 * first chained event in the log, whichever comes first.
 */
export async function readChainingStart(eventStore: EventStore): Promise<bigint | undefined> {
  const [first] = await eventStore.readStream(DIGEST_STREAM, { maxCount: 1 });
  return first?.position.commit;
}

/** The earlier of two chaining starts, either of which may be unknown. */
export function earlierStart(a: bigint | undefined, b: bigint | undefined): bigint | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a < b ? a : b;
}
