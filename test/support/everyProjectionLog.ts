import type { PaymentEventSpec } from './paymentEvents.js';

/**
 * Payments that touch every projection: orders (and a payment moving to another order, which
 * deletes an order left empty), refunds, lost and won disputes, late older events that move a
 * payment's daily row, and one payment whose event cannot be applied.
 */
export function aLogForEveryProjection(
  count: number,
  payments: number,
  offset = 0,
): PaymentEventSpec[] {
  return Array.from({ length: count }, (_, n) => {
    const i = n + offset;
    const kind = i % 7;
    const payment = `pi_${i % payments}`;
    const day = 1 + ((i * 5) % 4);
    return {
      paymentId: payment,
      orderId: kind === 5 ? `ord_moved_${i % 11}` : `ord_${i % Math.ceil(payments / 2)}`,
      status: (
        [
          'authorized',
          'captured',
          'partially_refunded',
          'captured',
          'disputed',
          'pending',
          'refunded',
        ] as const
      )[kind]!,
      occurredAt: new Date(Date.UTC(2024, 0, day, 0, 0, (i * 13) % 60)).toISOString(),
      ...(kind === 2 ? { refundId: `re_${i % 5}`, amount: 10 } : {}),
      ...(kind === 4
        ? { dispute: { id: `dp_${i % 3}`, outcome: (['open', 'won', 'lost'] as const)[i % 3]! } }
        : {}),
      ...(i === 17 ? { amount: 12.5 } : {}),
    };
  });
}
