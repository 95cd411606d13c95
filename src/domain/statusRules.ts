import type { DisputeFacts, DisputeOutcome } from './paymentEvent.js';
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
  /** Set on a dispute event that names its dispute; its `amount` is the disputed amount. */
  readonly dispute: DisputeFacts | null;
}

export interface PaymentState<F extends StatusFact> {
  readonly status: PaymentStatus;
  /** The event whose status (or whose refund totals) decided `status`. */
  readonly decidedBy: F;
  readonly amount: number;
  readonly currency: string;
  readonly refundedAmount: number;
  /** `open` while any dispute is open, else `lost` if any was lost, else `won`; null if none. */
  readonly dispute: DisputeOutcome | null;
  /** Money lost to disputes, each dispute counted once. */
  readonly disputedLostAmount: number;
  /** Money ever disputed, each dispute counted once. */
  readonly disputedAmount: number;
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
/** Within one second, a dispute's closing notice is newer than its opening one. */
const OUTCOME_RANK: Readonly<Record<DisputeOutcome, number>> = { open: 0, won: 1, lost: 2 };

/** Total order of events: gateway time, then lifecycle rank, then event id (full determinism). */
export function compareFacts(a: StatusFact, b: StatusFact): number {
  if (a.occurredAtMs !== b.occurredAtMs) return a.occurredAtMs - b.occurredAtMs;
  if (RANK[a.status] !== RANK[b.status]) return RANK[a.status] - RANK[b.status];
  return a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;
}

function greatest<F extends StatusFact>(
  facts: readonly F[],
  compare: (a: F, b: F) => number = compareFacts,
): F | undefined {
  let best: F | undefined;
  for (const fact of facts) if (!best || compare(fact, best) > 0) best = fact;
  return best;
}

const outcomeOf = (fact: StatusFact): DisputeOutcome => fact.dispute?.outcome ?? 'open';

function compareDisputeFacts(a: StatusFact, b: StatusFact): number {
  if (a.occurredAtMs !== b.occurredAtMs) return a.occurredAtMs - b.occurredAtMs;
  const byOutcome = OUTCOME_RANK[outcomeOf(a)] - OUTCOME_RANK[outcomeOf(b)];
  return byOutcome !== 0 ? byOutcome : compareFacts(a, b);
}

interface DisputeSummary<F extends StatusFact> {
  readonly outcome: DisputeOutcome | null;
  /** The latest event of a dispute that is still open. */
  readonly openSince: F | undefined;
  /** The latest notice that closed a dispute. */
  readonly lastClosing: F | undefined;
  readonly lostAmount: number;
  readonly disputedAmount: number;
}

/**
 * Each dispute stands where its latest notice says (by gateway time; a closing notice wins a tie
 * with an opening one). A `disputed` event that names no dispute (the generic gateway) belongs to
 * one anonymous dispute that no notice closes.
 */
function summarizeDisputes<F extends StatusFact>(facts: readonly F[]): DisputeSummary<F> {
  const byDispute = new Map<string, F[]>();
  for (const fact of facts) {
    if (fact.status !== 'disputed') continue;
    const id = fact.dispute === null ? '' : `#${fact.dispute.id}`;
    byDispute.set(id, [...(byDispute.get(id) ?? []), fact]);
  }
  let openSince: F | undefined;
  let lastClosing: F | undefined;
  let lostAmount = 0;
  let disputedAmount = 0;
  let anyLost = false;
  for (const notices of byDispute.values()) {
    const decisive = greatest(notices, compareDisputeFacts);
    if (!decisive) continue;
    disputedAmount += Math.max(...notices.map((notice) => notice.amount));
    const outcome = outcomeOf(decisive);
    if (outcome === 'open') {
      openSince = greatest([...(openSince ? [openSince] : []), ...notices]);
      continue;
    }
    if (!lastClosing || compareFacts(decisive, lastClosing) > 0) lastClosing = decisive;
    if (outcome === 'lost') {
      anyLost = true;
      lostAmount += Math.max(
        ...notices.filter((notice) => outcomeOf(notice) === 'lost').map((notice) => notice.amount),
      );
    }
  }
  const outcome =
    byDispute.size === 0 ? null : openSince ? 'open' : anyLost ? 'lost' : ('won' as const);
  return { outcome, openSince, lastClosing, lostAmount, disputedAmount };
}

/** Chooses the event that decides the status, and the status it starts from; see README "Status rules". */
function decide<F extends StatusFact>(
  facts: readonly F[],
  disputes: DisputeSummary<F>,
): { readonly decidedBy: F; readonly status: PaymentStatus } {
  const moneyMoved = facts.some((fact) => MONEY_MOVED.has(fact.status));
  const canceled = facts.filter((fact) => fact.status === 'canceled');
  let candidates = moneyMoved
    ? facts.filter((fact) => fact.status !== 'failed' && fact.status !== 'canceled')
    : facts;
  if (!moneyMoved && canceled.length > 0) candidates = canceled;
  if (disputes.openSince) {
    const since = disputes.openSince;
    const resolution = greatest(
      candidates.filter(
        (fact) =>
          (fact.status === 'captured' || fact.status === 'refunded') &&
          compareFacts(fact, since) > 0,
      ),
    );
    return resolution
      ? { decidedBy: resolution, status: resolution.status }
      : { decidedBy: since, status: 'disputed' };
  }
  const winner = greatest(candidates.filter((fact) => fact.status !== 'disputed'));
  const closing = disputes.lastClosing;
  // A closed dispute leaves the money where it was (won) or sends the lost part back (lost):
  // either way the payment is back to a money status, which the refund rule below settles.
  if (closing && (!winner || compareFacts(closing, winner) > 0)) {
    return { decidedBy: closing, status: 'captured' };
  }
  if (!winner) throw new RangeError('a payment needs at least one event');
  return { decidedBy: winner, status: winner.status };
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
  const disputes = summarizeDisputes(facts);
  const decided = decide(facts, disputes);
  const notRefund = facts.filter((fact) => fact.refundId === null);
  const amountSource =
    greatest(notRefund.filter((f) => !REFUND.has(f.status) && f.status !== 'disputed')) ??
    greatest(notRefund.filter((fact) => !REFUND.has(fact.status))) ??
    greatest(notRefund) ??
    decided.decidedBy;
  const { amount, currency } = amountSource;
  let refundedAmount = refundedTotal(facts);
  const lost = disputes.lostAmount;
  let status = decided.status;
  // A `refunded` event that states no amount is a full refund.
  if (status === 'refunded' && refundedAmount === 0) refundedAmount = Math.max(0, amount - lost);
  if (status === 'captured' || REFUND.has(status)) {
    const returned = refundedAmount + lost;
    if (returned > 0) status = returned >= amount ? 'refunded' : 'partially_refunded';
  }
  return {
    status,
    decidedBy: decided.decidedBy,
    amount,
    currency,
    refundedAmount,
    dispute: disputes.outcome,
    disputedLostAmount: lost,
    disputedAmount: disputes.disputedAmount,
  };
}
