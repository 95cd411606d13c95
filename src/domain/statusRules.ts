import type { PaymentStatus } from './paymentStatus.js';

/** What the status rules need to know of one event of a payment. */
export interface StatusFact {
  readonly eventId: string;
  readonly status: PaymentStatus;
  /** The gateway's event time in epoch milliseconds (never our receipt time). */
  readonly occurredAtMs: number;
  readonly amount: number;
  readonly currency: string;
  /** The gateway's cumulative refunded total, when stated. */
  readonly refundedAmount: number | null;
  /** Set when the event reports one refund; its `amount` is then that refund's amount. */
  readonly refundId: string | null;
}

export interface PaymentState<F extends StatusFact> {
  readonly status: PaymentStatus;
  /** The event whose status (or whose refund totals) decided `status`. */
  readonly decidedBy: F;
  readonly amount: number;
  readonly currency: string;
  readonly refundedAmount: number;
}

/**
 * Tie-break rank when two events carry the same gateway time (gateway times are whole seconds).
 * The lifecycle ranks come from DESIGN; failed and canceled rank lowest so that anything else
 * stated in the same second wins, disputed ranks highest because a dispute outranks the refund
 * bookkeeping that often accompanies it.
 */
const RANK: Readonly<Record<PaymentStatus, number>> = {
  failed: 0,
  canceled: 1,
  pending: 2,
  authorized: 3,
  captured: 4,
  partially_refunded: 5,
  refunded: 6,
  disputed: 7,
};

const MONEY_MOVED: ReadonlySet<PaymentStatus> = new Set([
  'captured',
  'partially_refunded',
  'refunded',
  'disputed',
]);
const REFUND: ReadonlySet<PaymentStatus> = new Set(['partially_refunded', 'refunded']);

/** Total order of events: gateway time, then lifecycle rank, then event id (full determinism). */
export function compareFacts(a: StatusFact, b: StatusFact): number {
  if (a.occurredAtMs !== b.occurredAtMs) return a.occurredAtMs - b.occurredAtMs;
  if (RANK[a.status] !== RANK[b.status]) return RANK[a.status] - RANK[b.status];
  return a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;
}

function greatest<F extends StatusFact>(facts: readonly F[]): F | undefined {
  let best: F | undefined;
  for (const fact of facts) if (!best || compareFacts(fact, best) > 0) best = fact;
  return best;
}

/** Chooses the event that decides the status; see README "Status rules" for each case. */
function decidingFact<F extends StatusFact>(facts: readonly F[]): F {
  const moneyMoved = facts.some((fact) => MONEY_MOVED.has(fact.status));
  const canceled = facts.filter((fact) => fact.status === 'canceled');
  let candidates = moneyMoved
    ? facts.filter((fact) => fact.status !== 'failed' && fact.status !== 'canceled')
    : facts;
  if (!moneyMoved && canceled.length > 0) candidates = canceled;
  const dispute = greatest(candidates.filter((fact) => fact.status === 'disputed'));
  if (dispute) {
    const resolutions = candidates.filter(
      (fact) =>
        (fact.status === 'captured' || fact.status === 'refunded') &&
        compareFacts(fact, dispute) > 0,
    );
    return greatest(resolutions) ?? dispute;
  }
  const winner = greatest(candidates);
  if (!winner) throw new RangeError('a payment needs at least one event');
  return winner;
}

/**
 * Refunded total: the larger of the greatest cumulative total any event states and the sum over
 * distinct refund ids (each refund counted once, at the largest amount reported for it).
 */
export function refundedTotal(facts: readonly StatusFact[]): number {
  let stated = 0;
  const perRefund = new Map<string, number>();
  for (const fact of facts) {
    if (fact.refundedAmount !== null) stated = Math.max(stated, fact.refundedAmount);
    if (fact.refundId !== null) {
      perRefund.set(fact.refundId, Math.max(perRefund.get(fact.refundId) ?? 0, fact.amount));
    }
  }
  let summed = 0;
  for (const amount of perRefund.values()) summed += amount;
  return Math.max(stated, summed);
}

/** The payment's state as a pure function of the set of its events. */
export function decidePaymentState<F extends StatusFact>(facts: readonly F[]): PaymentState<F> {
  const decidedBy = decidingFact(facts);
  const amountSource =
    greatest(facts.filter((fact) => fact.refundId === null && !REFUND.has(fact.status))) ??
    greatest(facts.filter((fact) => fact.refundId === null)) ??
    decidedBy;
  const { amount, currency } = amountSource;
  let refundedAmount = refundedTotal(facts);
  let status = decidedBy.status;
  if (status === 'refunded' && refundedAmount === 0) refundedAmount = amount;
  if (status === 'captured' || REFUND.has(status)) {
    if (refundedAmount > 0) status = refundedAmount >= amount ? 'refunded' : 'partially_refunded';
  }
  return { status, decidedBy, amount, currency, refundedAmount };
}
