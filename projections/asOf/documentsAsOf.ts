import { comparePositions, type RecordedEvent } from '../../src/eventStore/eventStore.js';
import type { OrderBody } from '../../src/readModels/orderDocument.js';
import type { PaymentBody } from '../../src/readModels/paymentDocument.js';
import { foldEvents, type FoldedDocument } from '../foldEvents.js';
import { ordersProjection } from '../orders/ordersProjection.js';
import { paymentsProjection } from '../payments/paymentsProjection.js';
import type { ProjectionDefinition } from '../projectionDefinition.js';
import { eventsAsOf, type AsOf } from './eventsAsOf.js';

export type DocumentAsOf<Body> = FoldedDocument & { readonly body: Body };

/**
 * One document of `definition` folded from the events of `streams` (each whole, in stream order)
 * that `asOf` selects, exactly as the runner would have built it from those events alone.
 */
function documentAsOf<Body>(
  definition: ProjectionDefinition,
  streams: readonly (readonly RecordedEvent[])[],
  key: string,
  asOf: AsOf,
): DocumentAsOf<Body> | undefined {
  const log = streams.flat().sort((a, b) => comparePositions(a.position, b.position));
  // The payment projections memoize a history's summary on its last event object. An effective
  // selection is not a prefix of the stream, so the selected events are fresh objects: a summary
  // of the whole history is never taken for the summary of a selection, nor the other way round.
  const selected = eventsAsOf(log, asOf).map((event) => ({ ...event }));
  return foldEvents(definition, selected).get(key) as DocumentAsOf<Body> | undefined;
}

/** The payment `<gateway>:<paymentId>` as its history (its stream) made it as of `asOf`. */
export function paymentAsOf(
  history: readonly RecordedEvent[],
  key: string,
  asOf: AsOf,
): DocumentAsOf<PaymentBody> | undefined {
  return documentAsOf(paymentsProjection, [history], key, asOf);
}

/**
 * The order as the histories of `payments` made it as of `asOf`. Only those payments count: the
 * caller chooses which may have named the order (see the README on `asOf` for orders).
 */
export function orderAsOf(
  payments: readonly (readonly RecordedEvent[])[],
  orderId: string,
  asOf: AsOf,
): DocumentAsOf<OrderBody> | undefined {
  return documentAsOf(ordersProjection, payments, orderId, asOf);
}
