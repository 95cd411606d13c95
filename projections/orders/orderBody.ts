import type { PaymentStatus } from '../../src/domain/paymentStatus.js';
import type {
  OrderBody,
  OrderPayment,
  OrderStatus,
  OrderTotals,
} from '../../src/readModels/orderDocument.js';
import type { PaymentSummary } from '../paymentStreams/paymentSummary.js';

const MONEY_MOVED: ReadonlySet<PaymentStatus> = new Set([
  'captured',
  'partially_refunded',
  'refunded',
  'disputed',
]);

export function orderEntry(payment: PaymentSummary): OrderPayment {
  return {
    gateway: payment.gateway,
    paymentId: payment.paymentId,
    status: payment.state.status,
    amount: payment.state.amount,
    currency: payment.state.currency,
    refundedAmount: payment.state.refundedAmount,
    disputedLostAmount: payment.state.disputedLostAmount,
    lastEventAt: payment.lastEventAt,
  };
}

function orderStatus(
  payments: readonly OrderPayment[],
  totals: readonly OrderTotals[],
): OrderStatus {
  const has = (...statuses: PaymentStatus[]) =>
    payments.some((payment) => statuses.includes(payment.status));
  if (has('disputed')) return 'disputed';
  const captured = totals.filter((total) => total.captured > 0);
  if (captured.length > 0) {
    const returned = (total: OrderTotals) => total.refunded + total.disputedLost;
    if (captured.every((total) => returned(total) >= total.captured)) return 'refunded';
    if (totals.some((total) => returned(total) > 0)) return 'partially_refunded';
    return 'paid';
  }
  if (has('pending', 'authorized')) return 'pending';
  if (payments.every((payment) => payment.status === 'canceled')) return 'canceled';
  return 'failed';
}

const byPayment = (a: OrderPayment, b: OrderPayment): number => {
  if (a.gateway !== b.gateway) return a.gateway < b.gateway ? -1 : 1;
  if (a.paymentId !== b.paymentId) return a.paymentId < b.paymentId ? -1 : 1;
  return 0;
};

/**
 * An order as a pure function of the set of its payments' entries (any gateway). Per currency:
 * `captured` sums the payments whose money moved, `refunded` their refunds, `disputedLost` what
 * they lost to disputes, `net` = captured − refunded − disputedLost. Status: `disputed` if any
 * payment is; else by captured money (`paid`, `partially_refunded`, `refunded`, counting lost
 * disputes as money returned); else `pending` while a payment is pending or authorized; else
 * `canceled` when every payment was canceled, `failed` otherwise.
 */
export function orderBody(orderId: string, entries: readonly OrderPayment[]): OrderBody {
  const payments = [...entries].sort(byPayment);
  const byCurrency = new Map<string, { captured: number; refunded: number; lost: number }>();
  for (const payment of payments) {
    const total = byCurrency.get(payment.currency) ?? { captured: 0, refunded: 0, lost: 0 };
    if (MONEY_MOVED.has(payment.status)) total.captured += payment.amount;
    total.refunded += payment.refundedAmount;
    total.lost += payment.disputedLostAmount;
    byCurrency.set(payment.currency, total);
  }
  const totals = [...byCurrency]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(
      ([currency, { captured, refunded, lost }]) =>
        [
          currency,
          { captured, refunded, disputedLost: lost, net: captured - refunded - lost },
        ] as const,
    );
  const lastEventAt = payments.reduce(
    (latest, payment) => (payment.lastEventAt > latest ? payment.lastEventAt : latest),
    '',
  );
  return {
    orderId,
    status: orderStatus(
      payments,
      totals.map(([, total]) => total),
    ),
    payments,
    totals: Object.fromEntries(totals),
    lastEventAt,
  };
}
