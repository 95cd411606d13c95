import {
  compareFacts,
  decidePaymentState,
  type PaymentState,
} from '../../src/domain/statusRules.js';
import type { PaymentFact } from '../../src/readModels/paymentDocument.js';

/** What the read models show of a payment, derived from the set of its facts. */
export interface PaymentSummary {
  readonly key: string;
  readonly gateway: string;
  readonly paymentId: string;
  readonly orderId: string | null;
  readonly state: PaymentState<PaymentFact>;
  /** The distinct facts it was derived from. */
  readonly facts: readonly PaymentFact[];
  /** The latest gateway time, ISO 8601 UTC. */
  readonly lastEventAt: string;
}

/** `<gateway>:<paymentId>` → its parts (payment ids may contain `:`, gateways never do). */
export function splitPaymentKey(key: string): { gateway: string; paymentId: string } {
  const separator = key.indexOf(':');
  return { gateway: key.slice(0, separator), paymentId: key.slice(separator + 1) };
}

/** A pure function of the set of facts (their order in `facts` does not matter). */
export function summarizePayment(key: string, facts: readonly PaymentFact[]): PaymentSummary {
  const state = decidePaymentState(facts);
  let latestMs = state.decidedBy.occurredAtMs;
  let withOrder: PaymentFact | undefined;
  for (const fact of facts) {
    if (fact.occurredAtMs > latestMs) latestMs = fact.occurredAtMs;
    // orderId: the greatest event that names one, so a late event cannot unlink the order.
    if (fact.orderId !== null && (!withOrder || compareFacts(fact, withOrder) > 0))
      withOrder = fact;
  }
  return {
    key,
    ...splitPaymentKey(key),
    orderId: withOrder?.orderId ?? null,
    state,
    facts,
    lastEventAt: new Date(latestMs).toISOString(),
  };
}
