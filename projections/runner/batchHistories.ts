import {
  comparePositions,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
} from '../../src/eventStore/eventStore.js';
import type { HistoryOf } from '../foldEvents.js';

const isAfter = (position: GlobalPosition, from: GlobalPosition | undefined) =>
  from === undefined || comparePositions(position, from) > 0;

/**
 * The histories of a batch's events. The batch holds every event of the subscription after
 * `from` (the lowest checkpoint, where the batch begins) up to its end, so a stream's history
 * is what the log holds of it up to `from`, then its events in the batch. Only the part before
 * the batch is read: once, for every stream at a time, and not at all for a stream that begins
 * in the batch (its first event there has revision 0) or when the batch begins the log. Every
 * projection and every key sees the same event objects (so each event is validated once).
 */
export async function readBatchHistories(
  eventStore: Pick<EventStore, 'readStreams'>,
  batch: readonly RecordedEvent[],
  wanted: readonly RecordedEvent[],
  from: GlobalPosition | undefined,
): Promise<HistoryOf> {
  const wantedStreams = new Set(wanted.map((event) => event.streamName));
  const inBatch = new Map<string, RecordedEvent[]>();
  for (const event of batch) {
    if (!wantedStreams.has(event.streamName) || !isAfter(event.position, from)) continue;
    const stream = inBatch.get(event.streamName);
    if (stream) stream.push(event);
    else inBatch.set(event.streamName, [event]);
  }
  const begunBefore = [...inBatch]
    .filter(([, events]) => events[0]?.revision !== 0n)
    .map(([name]) => name);
  const before =
    from === undefined || begunBefore.length === 0
      ? new Map<string, RecordedEvent[]>()
      : await eventStore.readStreams(begunBefore, { through: from });

  const streams = new Map<string, readonly RecordedEvent[]>();
  const indexes = new Map<RecordedEvent, number>();
  for (const [name, events] of inBatch) {
    const earlier = before.get(name) ?? [];
    const stream = earlier.length === 0 ? events : [...earlier, ...events];
    for (const [offset, event] of events.entries()) indexes.set(event, earlier.length + offset);
    streams.set(name, stream);
  }
  const histories = new Map<RecordedEvent, readonly RecordedEvent[]>();
  return (event) => {
    let history = histories.get(event);
    if (!history) {
      const stream = streams.get(event.streamName) ?? [];
      const index = indexes.get(event);
      // Not one of the batch's events after `from`: what came before it, then it.
      history =
        index === undefined
          ? [
              ...stream.filter((earlier) => comparePositions(earlier.position, event.position) < 0),
              event,
            ]
          : stream.slice(0, index + 1);
      histories.set(event, history);
    }
    return history;
  };
}
