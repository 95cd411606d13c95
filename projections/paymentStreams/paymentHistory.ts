import { PAYMENT_STREAM_PREFIX } from '../../src/domain/paymentStream.js';
import type { RecordedEvent } from '../../src/eventStore/eventStore.js';
import type { PaymentFact } from '../../src/readModels/paymentDocument.js';
import { eventMemo } from './eventMemo.js';
import { summarizePayment, type PaymentSummary } from './paymentSummary.js';
import { toPaymentFact, UnprojectableEventError } from './toPaymentFact.js';

export const PAYMENT_STREAMS: readonly string[] = [PAYMENT_STREAM_PREFIX];

export const paymentKeyOf = (event: RecordedEvent): string =>
  event.streamName.slice(PAYMENT_STREAM_PREFIX.length);

// Every projection asks about the same events of a batch; each is validated once.
const facts = eventMemo<PaymentFact | UnprojectableEventError>();

/** The event's facts, or why it cannot be applied. */
export function factOf(event: RecordedEvent): PaymentFact | UnprojectableEventError {
  let fact = facts.get(event);
  if (fact === undefined) {
    try {
      fact = toPaymentFact(event);
    } catch (error) {
      if (!(error instanceof UnprojectableEventError)) throw error;
      fact = error;
    }
    facts.set(event, fact);
  }
  return fact;
}

export interface Parking {
  /** The first event of the stream that cannot be applied. */
  readonly event: RecordedEvent;
  /** Its index in the history. */
  readonly index: number;
  readonly reason: string;
}

// Every projection asks for each event of a batch; memoized on the history's last event.
const parkings = eventMemo<Parking | null>();

/**
 * Where the payment is parked, if it is: from its first event that cannot be applied on, none
 * of its events is applied by any projection. The same check, on the same history, everywhere.
 */
export function parkingOf(history: readonly RecordedEvent[]): Parking | undefined {
  const last = history.at(-1);
  if (!last) return undefined;
  let parking = parkings.get(last);
  if (parking === undefined) {
    parking = null;
    for (const [index, event] of history.entries()) {
      const fact = factOf(event);
      if (fact instanceof UnprojectableEventError) {
        parking = { event, index, reason: fact.message };
        break;
      }
    }
    parkings.set(last, parking);
  }
  return parking ?? undefined;
}

const summaries = eventMemo<PaymentSummary | null>();

/**
 * The payment as its history makes it (memoized on the history's last event, so the state
 * "before" an event is the state "after" the one before it); undefined for no events.
 * Call only for histories `parkingOf` found unparked.
 */
export function summaryOf(history: readonly RecordedEvent[]): PaymentSummary | undefined {
  const last = history.at(-1);
  if (!last) return undefined;
  let summary = summaries.get(last);
  if (summary === undefined) {
    const distinct = new Map<string, PaymentFact>();
    for (const event of history) {
      const fact = factOf(event);
      if (fact instanceof UnprojectableEventError) throw fact;
      distinct.set(fact.eventId, fact);
    }
    summary = summarizePayment(paymentKeyOf(last), [...distinct.values()]);
    summaries.set(last, summary);
  }
  return summary ?? undefined;
}
