import type { PaymentStatus } from '../domain/paymentStatus.js';

/**
 * One row of the `daily_totals` read model, keyed `<day>:<gateway>:<currency>:<status>`: how many
 * payments reached the status on that UTC day, and the money that moved with it.
 */
export type DailyTotal = {
  readonly day: string;
  readonly gateway: string;
  readonly currency: string;
  readonly status: PaymentStatus;
  readonly count: number;
  readonly amount: number;
};

/** Report order: day, gateway, currency, status. */
export function compareDailyTotals(a: DailyTotal, b: DailyTotal): number {
  for (const field of ['day', 'gateway', 'currency', 'status'] as const) {
    if (a[field] !== b[field]) return a[field] < b[field] ? -1 : 1;
  }
  return 0;
}
