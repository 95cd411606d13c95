import { nextChainValues, withChainValues } from '../audit/chain/chainEvent.js';
import type { PaymentEvent } from '../domain/paymentEvent.js';
import type { EventStore, RecordedEvent } from '../eventStore/eventStore.js';
import {
  StoreUnavailableError,
  StreamRevisionConflictError,
} from '../eventStore/eventStoreErrors.js';

export type AppendOutcome =
  | { readonly kind: 'appended'; readonly revision: bigint }
  | { readonly kind: 'alreadyStored'; readonly existing: RecordedEvent };

/** Enough for a few dozen writers racing on one stream: each round, one of them wins. */
const MAX_ATTEMPTS = 40;

/**
 * Durable dedupe without a time-windowed cache: read the (short) payment stream, and if the event
 * id is not in it, append with the exact expected revision. A concurrent writer makes the append
 * fail with a revision conflict, and the loop looks again; so an event is stored at most once
 * however late or often it is redelivered. EventStoreDB's own dedupe is a best-effort cache
 * (kurrent-io/KurrentDB#1949) and is not relied upon. `isSameDelivery` widens what counts as
 * already stored (Razorpay: the same signed body under another, unsigned, event id).
 *
 * The same read gives the previous event, so the event's hash-chain values (issue 14) are
 * computed here; a conflict re-reads, so they are recomputed against the new head.
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
    const toAppend = { id: event.id, type: event.type, data: { ...event.data } };
    const chain = nextChainValues(stream, stored, { ...toAppend, metadata: { ...event.metadata } });
    try {
      const result = await eventStore.appendToStream(
        stream,
        [{ ...toAppend, metadata: withChainValues({ ...event.metadata }, chain) }],
        { expectedRevision: last ? last.revision : 'no_stream' },
      );
      return { kind: 'appended', revision: result.nextExpectedRevision };
    } catch (error) {
      if (!(error instanceof StreamRevisionConflictError)) throw error;
      if (attempt >= 3) await pause(Math.random() * attempt);
    }
  }
  throw new StoreUnavailableError(
    `The stream ${stream} kept changing under ${MAX_ATTEMPTS} attempts; retry later.`,
  );
}

const pause = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms);
  });
