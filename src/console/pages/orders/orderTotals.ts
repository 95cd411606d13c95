import type { Order } from '../../api/schemas.js';

export interface CurrencyTotals {
  readonly currency: string;
  readonly captured: number;
  readonly refunded: number;
  readonly disputedLost: number;
  readonly net: number;
}

/** The order's totals per currency as a list sorted by currency. */
export function orderTotals(order: Order): readonly CurrencyTotals[] {
  return Object.entries(order.totals)
    .map(([currency, { captured, refunded, disputedLost, net }]) => ({
      currency,
      captured,
      refunded,
      disputedLost,
      net,
    }))
    .sort((a, b) => (a.currency < b.currency ? -1 : 1));
}
