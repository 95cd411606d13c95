import type { PaymentStatus } from '../../src/domain/paymentStatus.js';
import type {
  OrderDocument,
  OrderPayment,
  OrderStatus,
  OrderTotals,
} from '../../src/readModels/orderDocument.js';
import type { PaymentDocument } from '../../src/readModels/paymentDocument.js';

const MONEY_MOVED: ReadonlySet<PaymentStatus> = new Set([
  'captured',
  'partially_refunded',
  'refunded',
  'disputed',
]);

function orderStatus(
  payments: readonly OrderPayment[],
  totals: readonly OrderTotals[],
): OrderStatus {
  const has = (status: PaymentStatus) => payments.some((payment) => payment.status === status);
  if (has('disputed')) return 'disputed';
  const captured = totals.filter((total) => total.captured > 0);
  if (captured.length > 0) {
    if (captured.every((total) => total.refunded >= total.captured)) return 'refunded';
    if (totals.some((total) => total.refunded > 0)) return 'partially_refunded';
    return 'paid';
  }
  if (has('authorized')) return 'authorized';
  if (has('pending')) return 'pending';
  if (payments.every((payment) => payment.status === 'canceled')) return 'canceled';
  return 'failed';
}

/**
 * An order as a pure function of the set of its payments' documents (any gateway, any order).
 * Captured counts every payment whose money moved; net = captured − refunded, per currency.
 * Status: disputed if any payment is; else by captured money (paid, partially_refunded,
 * refunded); else the furthest pre-capture status (authorized, pending); else canceled when
 * every payment was canceled, failed otherwise.
 */
export function projectOrder(
  orderId: string,
  documents: readonly PaymentDocument[],
): OrderDocument | undefined {
  const mine = documents.filter((document) => document.orderId === orderId);
  if (mine.length === 0) return undefined;
  const payments: OrderPayment[] = mine
    .map((document) => ({
      gateway: document.gateway,
      paymentId: document.paymentId,
      status: document.status,
      amount: document.amount,
      currency: document.currency,
      refundedAmount: document.refundedAmount,
      lastEventAt: document.lastEventAt,
    }))
    .sort((a, b) =>
      a.gateway !== b.gateway
        ? a.gateway < b.gateway
          ? -1
          : 1
        : a.paymentId < b.paymentId
          ? -1
          : 1,
    );
  const byCurrency = new Map<string, { captured: number; refunded: number }>();
  for (const payment of payments) {
    const total = byCurrency.get(payment.currency) ?? { captured: 0, refunded: 0 };
    if (MONEY_MOVED.has(payment.status)) total.captured += payment.amount;
    total.refunded += payment.refundedAmount;
    byCurrency.set(payment.currency, total);
  }
  const totals = [...byCurrency]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, { captured, refunded }]) => ({
      currency,
      captured,
      refunded,
      net: captured - refunded,
    }));
  const lastEventAt = payments
    .map((payment) => payment.lastEventAt)
    .reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));
  return { orderId, status: orderStatus(payments, totals), payments, totals, lastEventAt };
}
