import type { StandInLog, StoredEvent } from './standInLog.js';
import type { TfPos } from './tfPos.js';

/** `Enumerator.ReadBatchSize` (Enumerator.cs): the events a catch-up page holds at most. */
export const READ_BATCH_SIZE = 32;

export interface FilteredPage {
  readonly events: readonly StoredEvent[];
  /** Where the page was read from. */
  readonly currentPos: TfPos;
  /** Where the next page starts. */
  readonly nextPos: TfPos;
  readonly isEndOfStream: boolean;
  /** Events looked at, matching or not (what checkpoint intervals count). */
  readonly considered: number;
}

/**
 * `AllReader.ReadAllEventsForwardInternal` (src/EventStore.Core/Services/Storage/ReaderIndex):
 * from `start` inclusively, until 32 events matched or `maxSearchWindow` considered. The page ends
 * the stream only when it ran out of events with room left, so a page filled by the very last
 * event is not the end: the next read, from (end of the log, 0), is. `nextPos` is (the end of the
 * last event considered, 0). Without a filter every event matches and the window is unbounded.
 */
export function readFilteredPage(
  log: StandInLog,
  start: TfPos,
  filter:
    | { readonly matches: (event: StoredEvent) => boolean; readonly maxSearchWindow: number }
    | undefined,
): FilteredPage {
  const window = filter?.maxSearchWindow ?? Number.MAX_SAFE_INTEGER;
  const events: StoredEvent[] = [];
  let considered = 0;
  let nextPos = start;
  let isEndOfStream = false;
  let index = log.firstAtOrAfter(start);
  while (events.length < READ_BATCH_SIZE && considered < window) {
    const event = log.all[index];
    if (!event) {
      isEndOfStream = true;
      break;
    }
    considered += 1;
    if (!filter || filter.matches(event)) events.push(event);
    nextPos = { commit: event.postPosition, prepare: 0n };
    index += 1;
  }
  return { events, currentPos: start, nextPos, isEndOfStream, considered };
}
