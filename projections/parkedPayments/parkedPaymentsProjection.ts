import type { ParkedPaymentBody } from '../../src/readModels/parkedPayment.js';
import { READ_MODELS } from '../../src/readModels/readModelNames.js';
import { PAYMENT_STREAMS, parkingOf, paymentKeyOf } from '../paymentStreams/paymentHistory.js';
import type { ProjectionDefinition } from '../projectionDefinition.js';

/**
 * `parked_payments`: a payment whose event cannot be applied (its data is not a canonical payment
 * event, its type contradicts its status, or it sits in another payment's stream), with that
 * event and every later one. Every other projection skips the payment from the same event on,
 * by the same check on the same history (`parkingOf`), while all other payments proceed.
 */
export const parkedPaymentsProjection: ProjectionDefinition<ParkedPaymentBody> = {
  name: READ_MODELS.parkedPayments,
  version: 1,
  streamPrefixes: PAYMENT_STREAMS,
  needsHistory: true,
  needsDocument: false,
  indexes: [],

  keysOf: (event, { history }) => (parkingOf(history) ? [paymentKeyOf(event)] : []),

  evolve(parked, event, { history }) {
    const parking = parkingOf(history);
    if (!parking) return parked;
    return {
      streamName: event.streamName,
      reason: parking.reason,
      eventIds: history.slice(parking.index).map((parkedEvent) => parkedEvent.id),
      firstParkedPosition: {
        commit: String(parking.event.position.commit),
        prepare: String(parking.event.position.prepare),
      },
      parkedAt: parking.event.recordedAt.toISOString(),
    };
  },
};
