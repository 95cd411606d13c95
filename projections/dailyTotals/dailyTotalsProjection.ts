import type { PaymentStatus } from '../../src/domain/paymentStatus.js';
import type { DailyTotal } from '../../src/readModels/dailyTotal.js';
import type { DailyContribution, PaymentDocument } from '../../src/readModels/paymentDocument.js';

type PaymentSummary = Pick<
  PaymentDocument,
  'status' | 'amount' | 'facts' | 'decidedBy' | 'gateway' | 'currency'
>;

const utcDay = (isoTime: string): string => new Date(isoTime).toISOString().slice(0, 10);

/**
 * What one payment adds to the daily report: one count for every status it reached, on the UTC
 * day it first reached it (its earliest event of that status), with the payment's amount. The
 * current status counts even when the refund totals, not an event, decided it. A function of the
 * payment's set of events, so the report is as order- and replay-independent as the payments.
 */
export function dailyContributions(payment: PaymentSummary): DailyContribution[] {
  const firstReached = new Map<PaymentStatus, number>();
  for (const fact of payment.facts) {
    const known = firstReached.get(fact.status);
    if (known === undefined || fact.occurredAtMs < known) {
      firstReached.set(fact.status, fact.occurredAtMs);
    }
  }
  if (!firstReached.has(payment.status)) {
    firstReached.set(payment.status, Date.parse(payment.decidedBy.occurredAt));
  }
  return [...firstReached]
    .map(([status, atMs]) => ({
      day: utcDay(new Date(atMs).toISOString()),
      status,
      amount: payment.amount,
    }))
    .sort((a, b) => (a.status < b.status ? -1 : a.status > b.status ? 1 : 0));
}

/** Sums the payments' contributions into report rows, sorted by day, gateway, currency, status. */
export function sumDailyTotals(
  payments: Iterable<Pick<PaymentDocument, 'gateway' | 'currency' | 'daily'>>,
  range: { readonly from?: string; readonly to?: string } = {},
): DailyTotal[] {
  const rows = new Map<string, DailyTotal>();
  for (const payment of payments) {
    for (const { day, status, amount } of payment.daily) {
      if (
        (range.from !== undefined && day < range.from) ||
        (range.to !== undefined && day > range.to)
      )
        continue;
      const id = [day, payment.gateway, payment.currency, status].join('\u0000');
      const row = rows.get(id);
      rows.set(id, {
        day,
        gateway: payment.gateway,
        currency: payment.currency,
        status,
        count: (row?.count ?? 0) + 1,
        amount: (row?.amount ?? 0) + amount,
      });
    }
  }
  return [...rows.values()].sort(compareDailyTotals);
}

export function compareDailyTotals(a: DailyTotal, b: DailyTotal): number {
  for (const field of ['day', 'gateway', 'currency', 'status'] as const) {
    if (a[field] !== b[field]) return a[field] < b[field] ? -1 : 1;
  }
  return 0;
}
