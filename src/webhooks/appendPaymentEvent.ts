import type { PaymentEvent } from '../domain/paymentEvent.js';
import type { EventStore, RecordedEvent } from '../eventStore/eventStore.js';
import {
  StoreUnavailableError,
  StreamRevisionConflictError,
} from '../eventStore/eventStoreErrors.js';

export type AppendOutcome =
  | { readonly kind: 'appended'; readonly revision: bigint }
  | { readonly kind: 'alreadyStored'; readonly existing: RecordedEvent };

const MAX_ATTEMPTS = 5;

/**
 * Durable dedupe without a time-windowed cache: read the (short) payment stream, and if the event
 * id is not in it, append with the exact expected revision. A concurrent writer makes the append
 * fail with a revision conflict, and the loop looks again; so an event is stored at most once
 * however late or often it is redelivered. EventStoreDB's own dedupe is a best-effort cache
 * (kurrent-io/KurrentDB#1949) and is not relied upon. `isSameDelivery` widens what counts as
 * already stored (Razorpay: the same signed body under another, unsigned, event id).
 */
export async function appendPaymentEvent(
  eventStore: EventStore,
  stream: string,
  event: PaymentEvent,
  isSameDelivery: (stored: RecordedEvent) => boolean = () => false,
): Promise<AppendOutcome> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    const stored = await eventStore.readStream(stream);
    const existing = stored.find(
      (recorded) => recorded.id === event.id || isSameDelivery(recorded),
    );
    if (existing) return { kind: 'alreadyStored', existing };
    const last = stored.at(-1);
    try {
      const result = await eventStore.appendToStream(
        stream,
        [
          {
            id: event.id,
            type: event.type,
            data: { ...event.data },
            metadata: { ...event.metadata },
          },
        ],
        { expectedRevision: last ? last.revision : 'no_stream' },
      );
      return { kind: 'appended', revision: result.nextExpectedRevision };
    } catch (error) {
      if (!(error instanceof StreamRevisionConflictError)) throw error;
    }
  }
  throw new StoreUnavailableError(
    `The stream ${stream} kept changing under ${MAX_ATTEMPTS} attempts; retry later.`,
  );
}
