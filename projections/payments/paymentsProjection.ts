import type { RecordedEvent } from '../../src/eventStore/eventStore.js';
import type { PaymentBody, PaymentFact } from '../../src/readModels/paymentDocument.js';
import { READ_MODELS } from '../../src/readModels/readModelNames.js';
import {
  PAYMENT_STREAMS,
  parkingOf,
  paymentKeyOf,
  summaryOf,
} from '../paymentStreams/paymentHistory.js';
import { summarizePayment } from '../paymentStreams/paymentSummary.js';
import type { ProjectionDefinition } from '../projectionDefinition.js';

/** Every field but `version` from the set of facts; `version` is the stream length it reflects. */
export function paymentBody(
  key: string,
  facts: readonly PaymentFact[],
  version: number,
): PaymentBody {
  const { gateway, paymentId, orderId, state, lastEventAt } = summarizePayment(key, facts);
  return {
    gateway,
    paymentId,
    orderId,
    status: state.status,
    amount: state.amount,
    currency: state.currency,
    refundedAmount: state.refundedAmount,
    disputed: state.dispute === 'open' || state.dispute === 'lost',
    disputeStatus: state.dispute,
    disputedLostAmount: state.disputedLostAmount,
    lastEventAt,
    decidedBy: {
      eventId: state.decidedBy.eventId,
      status: state.decidedBy.status,
      occurredAt: state.decidedBy.occurredAt,
      gatewayEventType: state.decidedBy.gatewayEventType,
    },
    eventCount: facts.length,
    version,
    facts,
  };
}

/**
 * `payments`: one document per payment, keyed `<gateway>:<paymentId>`, holding the set of its
 * events' facts and everything the status rules derive from them (README "Status rules"). It is
 * derived from the payment's history alone, so the runner never needs to load one.
 */
export const paymentsProjection: ProjectionDefinition<PaymentBody> = {
  name: READ_MODELS.payments,
  version: 2,
  streamPrefixes: PAYMENT_STREAMS,
  needsHistory: true,
  needsDocument: false,
  indexes: [
    { name: 'recent', fields: [{ field: 'lastEventAt', descending: true }] },
    { name: 'status', fields: [{ field: 'status' }, { field: 'lastEventAt', descending: true }] },
    { name: 'order', fields: [{ field: 'orderId' }] },
  ],

  keysOf: (event, { history }) => (parkingOf(history) ? [] : [paymentKeyOf(event)]),

  evolve(_document: PaymentBody | undefined, event: RecordedEvent, { key, history }) {
    const summary = summaryOf(history);
    if (!summary) throw new RangeError(`no history for ${event.id}`);
    const facts = [...summary.facts].sort((a, b) => (a.eventId < b.eventId ? -1 : 1));
    return paymentBody(key, facts, Number(event.revision) + 1);
  },
};
