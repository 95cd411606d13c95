import {
  comparePositions,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
} from '../../src/eventStore/eventStore.js';
import type { HistoryOf } from '../foldEvents.js';

/**
 * The histories of a batch's events: each stream the batch touches is read once, up to the
 * batch's last event, and the batch's own event objects take their places in it, so every
 * projection and every key sees the same objects (and validates each event once).
 */
export async function readBatchHistories(
  eventStore: Pick<EventStore, 'readStreams'>,
  events: readonly RecordedEvent[],
  through: GlobalPosition,
): Promise<HistoryOf> {
  const streams = await eventStore.readStreams(
    [...new Set(events.map((event) => event.streamName))],
    { through },
  );
  const histories = new Map<RecordedEvent, readonly RecordedEvent[]>();
  const inBatch = new Map(events.map((event) => [event.id, event]));
  for (const [name, stored] of streams) {
    const stream = stored.map((event) => inBatch.get(event.id) ?? event);
    streams.set(name, stream);
  }
  return (event) => {
    let history = histories.get(event);
    if (!history) {
      const stream = streams.get(event.streamName) ?? [];
      const index = stream.indexOf(event);
      // Not in what was read (a reader behind the subscription): what came before it, then it.
      history =
        index >= 0
          ? stream.slice(0, index + 1)
          : [
              ...stream.filter((earlier) => comparePositions(earlier.position, event.position) < 0),
              event,
            ];
      histories.set(event, history);
    }
    return history;
  };
}
