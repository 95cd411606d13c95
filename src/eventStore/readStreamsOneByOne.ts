import { comparePositions, type EventStore, type RecordedEvent } from './eventStore.js';

/**
 * `readStreams` for an adapter that can only read one stream per request: a few at a time in
 * parallel, each cut at `through`.
 */
export async function readStreamsOneByOne(
  readStream: EventStore['readStream'],
  streamNames: readonly string[],
  through: Parameters<EventStore['readStreams']>[1]['through'],
  concurrency = 16,
): Promise<Map<string, RecordedEvent[]>> {
  const found = new Map<string, RecordedEvent[]>();
  const queue = [...new Set(streamNames)];
  const worker = async () => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      const events = (await readStream(name)).filter(
        (event) => comparePositions(event.position, through) <= 0,
      );
      if (events.length > 0) found.set(name, events);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  return found;
}
