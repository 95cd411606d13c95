import { PAYMENT_STREAM_PREFIX } from '../../src/domain/paymentStream.js';
import { compareFacts, decidePaymentState } from '../../src/domain/statusRules.js';
import type { RecordedEvent } from '../../src/eventStore/eventStore.js';
import type { PaymentDocument, PaymentFact } from '../../src/readModels/paymentDocument.js';
import { dailyContributions } from '../dailyTotals/dailyTotalsProjection.js';
import type { Projection } from '../projection.js';
import { toPaymentFact } from './toPaymentFact.js';

interface Bookkeeping {
  readonly key: string;
  readonly gateway: string;
  readonly paymentId: string;
  readonly version: number;
  readonly lastGlobalPosition: bigint;
}

/** Derives every field of the document from its set of facts. */
export function derivePaymentDocument(
  bookkeeping: Bookkeeping,
  facts: readonly PaymentFact[],
): PaymentDocument {
  const state = decidePaymentState(facts);
  let latest = state.decidedBy;
  for (const fact of facts) if (fact.occurredAtMs > latest.occurredAtMs) latest = fact;
  // orderId: the greatest event that names one, so a late event cannot unlink the order.
  const withOrder = facts.filter((fact) => fact.orderId !== null).sort(compareFacts);
  const partial = {
    ...bookkeeping,
    orderId: withOrder.at(-1)?.orderId ?? null,
    status: state.status,
    amount: state.amount,
    currency: state.currency,
    refundedAmount: state.refundedAmount,
    lastEventAt: latest.occurredAt,
    decidedBy: {
      eventId: state.decidedBy.eventId,
      status: state.decidedBy.status,
      occurredAt: state.decidedBy.occurredAt,
      gatewayEventType: state.decidedBy.gatewayEventType,
    },
    eventCount: facts.length,
    facts,
  };
  return { ...partial, daily: dailyContributions(partial) };
}

function insertFact(facts: readonly PaymentFact[], fact: PaymentFact): readonly PaymentFact[] {
  if (facts.some((known) => known.eventId === fact.eventId)) return facts;
  return [...facts, fact].sort((a, b) => (a.eventId < b.eventId ? -1 : 1));
}

export const paymentsProjection: Projection<PaymentDocument> = {
  name: 'payments',

  handles: (streamName) => streamName.startsWith(PAYMENT_STREAM_PREFIX),

  documentKey: (streamName) => streamName.slice(PAYMENT_STREAM_PREFIX.length),

  evolve: (document: PaymentDocument | undefined, event: RecordedEvent): PaymentDocument => {
    const fact = toPaymentFact(event);
    const key = paymentsProjection.documentKey(event.streamName);
    const separator = key.indexOf(':');
    const bookkeeping: Bookkeeping = {
      key,
      gateway: key.slice(0, separator),
      paymentId: key.slice(separator + 1),
      version: Math.max(document?.version ?? 0, Number(event.revision) + 1),
      lastGlobalPosition:
        document && document.lastGlobalPosition > event.position.commit
          ? document.lastGlobalPosition
          : event.position.commit,
    };
    return derivePaymentDocument(bookkeeping, insertFact(document?.facts ?? [], fact));
  },
};
