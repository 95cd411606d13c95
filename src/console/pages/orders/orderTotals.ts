import type { Order } from '../../api/schemas.js';

export interface CurrencyTotals {
  readonly currency: string;
  readonly captured: number;
  readonly refunded: number;
  readonly disputedLost: number | undefined;
  readonly net: number;
}

/** The order's totals as a list sorted by currency, whichever of the two shapes the API sends. */
export function orderTotals(order: Order): readonly CurrencyTotals[] {
  const entries = Array.isArray(order.totals)
    ? order.totals
    : Object.entries(order.totals).map(([currency, amounts]) => ({ currency, ...amounts }));
  return entries
    .map((entry) => ({
      currency: entry.currency,
      captured: entry.captured,
      refunded: entry.refunded,
      disputedLost: entry.disputedLost,
      net: entry.net,
    }))
    .sort((a, b) => a.currency.localeCompare(b.currency));
}
