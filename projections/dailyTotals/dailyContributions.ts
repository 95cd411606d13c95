import type { PaymentStatus } from '../../src/domain/paymentStatus.js';
import {
  compareFacts,
  decidePaymentState,
  type PaymentState,
} from '../../src/domain/statusRules.js';
import type { DailyTotal } from '../../src/readModels/dailyTotal.js';
import type { PaymentFact } from '../../src/readModels/paymentDocument.js';
import { splitPaymentKey } from '../paymentStreams/paymentSummary.js';

/** What one payment adds to one row of the daily totals (its count is always 1). */
export type Contribution = DailyTotal;

export const dailyTotalKey = (row: Pick<DailyTotal, 'day' | 'gateway' | 'currency' | 'status'>) =>
  `${row.day}:${row.gateway}:${row.currency}:${row.status}`;

const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const returned = (state: PaymentState<PaymentFact>) =>
  state.refundedAmount + state.disputedLostAmount;

/**
 * The rows one payment counts in, by row key: once for every status it reached, on the UTC day
 * it first reached it, replaying its events in gateway-time order (so a late, older event moves
 * it to the right day). The amount is the money that moved with the status: captured money for
 * `captured` (the payment's amount for the other non-refund statuses), the disputed money for
 * `disputed`, and for the refund rows the money returned (refunds and lost disputes) while
 * partially refunded, and the rest of it with `refunded`; the refund rows of a payment add up to
 * what it returned. A pure function of the set of facts.
 */
export function dailyContributions(
  key: string,
  facts: readonly PaymentFact[],
): Map<string, Contribution> {
  const ordered = [...facts].sort(compareFacts);
  const firstReached = new Map<PaymentStatus, string>();
  let state: PaymentState<PaymentFact> | undefined;
  let partiallyReturned = 0;
  let fullyReturned = 0;
  for (let end = 1; end <= ordered.length; end += 1) {
    state = decidePaymentState(ordered.slice(0, end));
    const reachedAt = ordered[end - 1]?.occurredAtMs ?? 0;
    if (!firstReached.has(state.status)) firstReached.set(state.status, utcDay(reachedAt));
    if (state.status === 'partially_refunded') partiallyReturned = returned(state);
    if (state.status === 'refunded') fullyReturned = returned(state);
  }
  const rows = new Map<string, Contribution>();
  if (!state) return rows;
  const final = state;
  const { gateway } = splitPaymentKey(key);
  const currency = final.currency;
  const amountOf = (status: PaymentStatus): number => {
    if (status === 'partially_refunded') return partiallyReturned;
    if (status === 'refunded') return Math.max(0, fullyReturned - partiallyReturned);
    if (status === 'disputed') return final.disputedAmount;
    return final.amount;
  };
  for (const [status, day] of firstReached) {
    const row = { day, gateway, currency, status, count: 1, amount: amountOf(status) };
    rows.set(dailyTotalKey(row), row);
  }
  return rows;
}
