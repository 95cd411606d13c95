import type { RecordedEvent } from '../src/eventStore/eventStore.js';
import type { ParkedPayment } from '../src/readModels/parkedPayment.js';
import type { PaymentDocument } from '../src/readModels/paymentDocument.js';
import type { ReadModelChanges } from '../src/readModels/readModelStore.js';
import { paymentsProjection } from './payments/paymentsProjection.js';

export interface BatchPlan extends ReadModelChanges {
  /** Payments parked by this batch (not those already parked before it). */
  readonly newlyParked: readonly ParkedPayment[];
}

/**
 * Folds a batch of events (in log order) into one change per document. Events at or below a
 * document's position were applied before (a replay after a crash) and are skipped. An event
 * that cannot be applied parks its payment; the payment's later events join it, unapplied.
 */
export function planBatch(
  events: readonly RecordedEvent[],
  payments: ReadonlyMap<string, PaymentDocument>,
  parked: ReadonlyMap<string, ParkedPayment>,
  parkedAt: string,
): BatchPlan {
  const changedPayments = new Map<string, PaymentDocument>();
  const changedParked = new Map<string, ParkedPayment>();
  const newlyParked: ParkedPayment[] = [];
  for (const event of events) {
    if (!paymentsProjection.handles(event.streamName)) continue;
    const key = paymentsProjection.documentKey(event.streamName);
    const position = event.position.commit;
    const parking = changedParked.get(key) ?? parked.get(key);
    if (parking) {
      if (position <= parking.lastGlobalPosition) continue;
      changedParked.set(key, {
        ...parking,
        eventIds: [...parking.eventIds, event.id],
        lastGlobalPosition: position,
      });
      continue;
    }
    const document = changedPayments.get(key) ?? payments.get(key);
    if (document && position <= document.lastGlobalPosition) continue;
    try {
      changedPayments.set(key, paymentsProjection.evolve(document, event));
    } catch (error) {
      const parkedPayment: ParkedPayment = {
        key,
        streamName: event.streamName,
        reason: error instanceof Error ? error.message : String(error),
        eventIds: [event.id],
        firstParkedPosition: position,
        lastGlobalPosition: position,
        parkedAt,
      };
      changedParked.set(key, parkedPayment);
      newlyParked.push(parkedPayment);
    }
  }
  return {
    payments: [...changedPayments.values()],
    parked: [...changedParked.values()],
    newlyParked,
  };
}
