import type { EventStore } from '../../src/eventStore/eventStore.js';
import { paymentEventId } from '../../src/domain/eventId.js';
import { paymentEventType, type PaymentStatus } from '../../src/domain/paymentStatus.js';
import { paymentStreamName } from '../../src/domain/paymentStream.js';

const LIFECYCLE: readonly PaymentStatus[] = [
  'pending',
  'authorized',
  'captured',
  'partially_refunded',
  'refunded',
];
const FILLER = 'x'.repeat(600);

/**
 * Appends `count` realistic (~1 KB) canonical payment events, `perPayment` per payment, in
 * group-committed chunks; payments interleave the way concurrent webhooks do. Returns events/s.
 */
export async function seedPaymentEvents(
  store: EventStore,
  count: number,
  perPayment: number,
): Promise<number> {
  const payments = Math.max(1, Math.round(count / perPayment));
  const started = performance.now();
  const chunk = 2000;
  for (let start = 0; start < count; start += chunk) {
    const appends: Promise<unknown>[] = [];
    for (let i = start; i < Math.min(count, start + chunk); i += 1) {
      const payment = i % payments;
      const step = Math.floor(i / payments);
      const status = LIFECYCLE[step % LIFECYCLE.length] ?? 'captured';
      const gatewayEventId = `evt_${i}`;
      const paymentId = `pi_${payment}`;
      const data = {
        gateway: 'stripe',
        gatewayEventId,
        gatewayEventType: `payment_intent.${status}`,
        paymentId,
        orderId: `ord_${payment % Math.max(1, Math.round(payments / 2))}`,
        status,
        amount: 1000 + (payment % 9000),
        currency: payment % 3 === 0 ? 'EUR' : 'USD',
        refundedAmount: null,
        refundId: status.endsWith('refunded') ? `re_${i}` : null,
        occurredAt: new Date(Date.UTC(2024, 0, 1) + payment * 60_000 + step * 1000).toISOString(),
        receivedAt: new Date().toISOString(),
        // The body, kept once as the service stores it (its payload is parsed from it on read).
        rawBody: `{"id":"${gatewayEventId}","object":"event","filler":"${FILLER}"}`,
      };
      appends.push(
        store.appendToStream(
          paymentStreamName('stripe', paymentId),
          [
            {
              id: paymentEventId('stripe', gatewayEventId),
              type: paymentEventType(status),
              data,
              metadata: {},
            },
          ],
          { expectedRevision: 'any' },
        ),
      );
    }
    await Promise.all(appends);
  }
  return count / ((performance.now() - started) / 1000);
}
