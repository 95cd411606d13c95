import { createHash } from 'node:crypto';
import { nextChainValues, withChainValues } from '../../src/audit/chain/chainEvent.js';
import type { ChainableEvent } from '../../src/audit/chain/chainHash.js';
import { paymentEventId } from '../../src/domain/eventId.js';
import { paymentEventType, type PaymentStatus } from '../../src/domain/paymentStatus.js';
import { paymentStreamName } from '../../src/domain/paymentStream.js';
import type { EventStore } from '../../src/eventStore/eventStore.js';

const LIFECYCLE: readonly PaymentStatus[] = ['pending', 'authorized', 'captured', 'refunded'];
const FILLER = 'x'.repeat(500);

/**
 * Appends `count` realistic (~1.6 KB) payment events, chained exactly as the ingest chains them
 * (payload = the parse of rawBody, rawBodySha256 in the metadata), `perPayment` per payment,
 * payments interleaved, in group-committed chunks. Returns events/s.
 */
export async function seedChainedEvents(
  store: EventStore,
  count: number,
  perPayment: number,
): Promise<number> {
  const payments = Math.max(1, Math.round(count / perPayment));
  const heads = new Map<string, ChainableEvent>();
  const started = performance.now();
  const chunk = 2000;
  for (let start = 0; start < count; start += chunk) {
    const appends: Promise<unknown>[] = [];
    for (let i = start; i < Math.min(count, start + chunk); i += 1) {
      const payment = i % payments;
      const status = LIFECYCLE[Math.floor(i / payments) % LIFECYCLE.length] ?? 'captured';
      const gatewayEventId = `evt_${i}`;
      const paymentId = `pi_${payment}`;
      const stream = paymentStreamName('stripe', paymentId);
      const payload = {
        id: gatewayEventId,
        object: 'event',
        type: `payment_intent.${status}`,
        filler: FILLER,
      };
      const rawBody = JSON.stringify(payload);
      const event: ChainableEvent = {
        id: paymentEventId('stripe', gatewayEventId),
        type: paymentEventType(status),
        data: {
          gateway: 'stripe',
          gatewayEventId,
          gatewayEventType: `payment_intent.${status}`,
          paymentId,
          orderId: `ord_${payment}`,
          status,
          amount: 1000 + (payment % 9000),
          currency: payment % 3 === 0 ? 'EUR' : 'USD',
          refundedAmount: null,
          refundId: status === 'refunded' ? `re_${i}` : null,
          occurredAt: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(),
          receivedAt: new Date().toISOString(),
          payload,
          rawBody,
        },
        metadata: {
          signatureScheme: 'stripe-v1',
          secretIndex: 0,
          rawBodySha256: createHash('sha256').update(rawBody).digest('hex'),
          correlationId: gatewayEventId,
        },
      };
      const previous = heads.get(stream);
      const chain = nextChainValues(stream, previous ? [previous] : [], event);
      const chained = { ...event, metadata: withChainValues(event.metadata, chain) };
      // Only the chain value is needed to chain the next event; the data is not kept.
      heads.set(stream, { id: '', type: '', data: null, metadata: { chain: { ...chain } } });
      appends.push(store.appendToStream(stream, [chained], { expectedRevision: 'any' }));
    }
    await Promise.all(appends);
  }
  return count / ((performance.now() - started) / 1000);
}
