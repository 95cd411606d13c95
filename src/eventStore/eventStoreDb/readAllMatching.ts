import {
  comparePositions,
  type GlobalPosition,
  type ReadAllOptions,
  type RecordedEvent,
} from '../eventStore.js';

export interface AllPage {
  /** The page's events that the port may show (system events already left out). */
  readonly events: readonly RecordedEvent[];
  /** Position of the page's last raw event, shown or not: where the next page starts. */
  readonly last: GlobalPosition | undefined;
  /** How many raw events the page held. */
  readonly count: number;
}

// Pages are at least this big when a prefix filter may discard most of what is read.
const FILTERED_PAGE_SIZE = 500;

/**
 * One page of `$all` for the port. The v6 client reads `$all` without a server-side filter and
 * its start position is inclusive, so this pages forward, drops what is at or before `after`
 * and keeps the streams that match a prefix until `maxCount` events are found or the log ends.
 */
export async function readAllMatching(
  readPage: (from: GlobalPosition | undefined, maxCount: number) => Promise<AllPage>,
  { after, maxCount, streamPrefixes = [] }: ReadAllOptions,
): Promise<RecordedEvent[]> {
  const found: RecordedEvent[] = [];
  const matches = (event: RecordedEvent) =>
    streamPrefixes.length === 0 ||
    streamPrefixes.some((prefix) => event.streamName.startsWith(prefix));
  let from = after;
  while (found.length < maxCount) {
    const wanted = maxCount - found.length + 1;
    const size = Math.max(
      2,
      streamPrefixes.length > 0 ? Math.max(FILTERED_PAGE_SIZE, wanted) : wanted,
    );
    const page = await readPage(from, size);
    for (const event of page.events) {
      if (from !== undefined && comparePositions(event.position, from) <= 0) continue;
      if (matches(event)) found.push(event);
      if (found.length === maxCount) return found;
    }
    if (page.count < size || page.last === undefined) return found;
    from = page.last;
  }
  return found;
}
