import type { EventStore, RecordedEvent } from '../../src/eventStore/eventStore.js';
import { DELIVERY_LISTED } from '../../src/webhooks/deliveries/deliveryStreams.js';

/**
 * What the log holds apart from list pointers: payment events and kept (quarantined or ignored)
 * deliveries, each once.
 */
export async function storedRecords(store: EventStore): Promise<RecordedEvent[]> {
  return (await store.readAll({ maxCount: 100_000 })).filter(
    (event) => event.type !== DELIVERY_LISTED,
  );
}
