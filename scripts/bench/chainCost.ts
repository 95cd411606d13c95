import { createHash } from 'node:crypto';
import { nextChainValues, withChainValues } from '../../src/audit/chain/chainEvent.js';

/**
 * What chaining adds to one append, in µs: the chain values of a ~1 KB generic payment event
 * (pretty-printed body, so the payload takes the canonical comparison) after a chained one.
 */
export function chainMicroseconds(rounds = 20_000): number {
  const body = JSON.stringify(
    {
      event: 'payment.updated',
      timestamp: '2024-06-26T11:08:07Z',
      data: {
        paymentId: 'pay_1',
        status: 'completed',
        amount: 100.0,
        currency: 'USD',
        orderId: 'ord_1',
        description: 'd'.repeat(700),
      },
    },
    null,
    2,
  );
  const event = (i: number) => ({
    id: `00000000-0000-5000-8000-${String(i).padStart(12, '0')}`,
    type: 'PaymentCaptured',
    data: {
      gateway: 'generic',
      gatewayEventId: `msg_${i}`,
      gatewayEventType: 'payment.updated',
      paymentId: 'pay_1',
      orderId: 'ord_1',
      status: 'captured',
      amount: 10000,
      currency: 'USD',
      refundedAmount: null,
      refundId: null,
      occurredAt: '2024-06-26T11:08:07.000Z',
      receivedAt: new Date().toISOString(),
      payload: JSON.parse(body) as never,
      rawBody: body,
    },
    metadata: {
      signatureScheme: 'standard-webhooks-v1',
      secretIndex: 0,
      rawBodySha256: createHash('sha256').update(body).digest('hex'),
      correlationId: 'c',
    },
  });
  const first = event(0);
  const previous = [
    {
      ...first,
      metadata: withChainValues(
        first.metadata,
        nextChainValues('payment-generic:pay_1', [], first),
      ),
    },
  ];
  const events = Array.from({ length: rounds }, (_, i) => event(i + 1));
  const started = performance.now();
  for (const next of events) nextChainValues('payment-generic:pay_1', previous, next);
  return ((performance.now() - started) * 1000) / rounds;
}
