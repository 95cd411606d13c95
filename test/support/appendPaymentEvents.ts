import type { EventStore } from '../../src/eventStore/eventStore.js';
import type { ParkedPayment } from '../../src/readModels/parkedPayment.js';
import type { PaymentDocument } from '../../src/readModels/paymentDocument.js';
import type { ReadModelStore } from '../../src/readModels/readModelStore.js';
import { planBatch } from '../../projections/planBatch.js';
import { aPaymentEvent, type PaymentEventSpec } from './paymentEvents.js';

/** Appends each event to its payment's stream, in the given order (group-committed). */
export async function appendPaymentEvents(
  store: EventStore,
  specs: readonly PaymentEventSpec[],
): Promise<void> {
  for (let start = 0; start < specs.length; start += 500) {
    await Promise.all(
      specs.slice(start, start + 500).map((spec) => {
        const { streamName, ...event } = aPaymentEvent(spec);
        return store.appendToStream(streamName, [event], { expectedRevision: 'any' });
      }),
    );
  }
}

/** The oracle: every payment event of the log folded in one pass from nothing. */
export async function foldWholeLog(store: EventStore): Promise<{
  payments: PaymentDocument[];
  parked: Omit<ParkedPayment, 'parkedAt'>[];
}> {
  const events = await store.readAll({ maxCount: 1_000_000, streamPrefixes: ['payment-'] });
  const plan = planBatch(events, new Map(), new Map(), '');
  return {
    payments: [...plan.payments].sort((a, b) => (a.key < b.key ? -1 : 1)),
    parked: plan.parked.map(withoutParkedAt).sort((a, b) => (a.key < b.key ? -1 : 1)),
  };
}

const withoutParkedAt = ({ parkedAt: _at, ...rest }: ParkedPayment) => rest;

/** Everything the read models hold, in a comparable shape. */
export async function readEverything(readModels: ReadModelStore) {
  const payments: PaymentDocument[] = [];
  let cursor: string | undefined;
  do {
    const page = await readModels.listPayments({ limit: 500, ...(cursor ? { cursor } : {}) });
    payments.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return {
    payments: payments.sort((a, b) => (a.key < b.key ? -1 : 1)),
    parked: (await readModels.listParked()).map(withoutParkedAt),
  };
}
