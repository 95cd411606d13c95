import { expect } from 'chai';
import type { JsonValue } from '../../../../../src/domain/paymentEvent.js';
import { normalizeStripeEvent } from '../../../../../src/webhooks/gateways/stripe/normalizeStripeEvent.js';
import { loadFixture } from '../../../../support/gatewayFixtures.js';

const NOW = new Date('2026-01-01T00:00:00Z');
const PI = 'pi_3MtwBwLkdIwHu7ix28a3tqPa';
const T = 1648320032;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
const fixture = (name: string) => loadFixture('stripe', name).json;

function withObject(name: string, changes: Record<string, JsonValue>): JsonValue {
  const event = structuredClone(fixture(name)) as { data: { object: Record<string, JsonValue> } };
  Object.assign(event.data.object, changes);
  return event;
}

describe('normalizeStripeEvent', () => {
  context('with the sample events of one payment', () => {
    // fixture → canonical status, amount, refundedAmount, refundId (the mapping table in gateways.md)
    const table: readonly [string, string, number, number | null, string | null][] = [
      ['payment_intent.created', 'pending', 2000, null, null],
      ['payment_intent.processing', 'pending', 2000, null, null],
      ['payment_intent.amount_capturable_updated', 'authorized', 2000, null, null],
      ['payment_intent.succeeded', 'captured', 2000, null, null],
      ['payment_intent.payment_failed', 'failed', 2000, null, null],
      ['payment_intent.canceled', 'canceled', 2000, null, null],
      ['charge.pending', 'pending', 2000, null, null],
      ['charge.succeeded', 'captured', 2000, null, null],
      ['charge.succeeded.uncaptured', 'authorized', 2000, null, null],
      ['charge.captured', 'captured', 2000, null, null],
      ['charge.failed', 'failed', 2000, null, null],
      ['charge.expired', 'canceled', 2000, null, null],
      ['charge.refunded', 'refunded', 2000, 2000, null],
      ['charge.refunded.partial', 'partially_refunded', 2000, 500, null],
      ['refund.created', 'partially_refunded', 500, null, 're_3MtwBwLkdIwHu7ix2Xr0Rsam'],
      ['charge.refund.updated', 'partially_refunded', 1500, null, 're_3MtwBwLkdIwHu7ix2Rcg81kl'],
      ['charge.dispute.created', 'disputed', 2000, null, null],
      ['charge.dispute.closed.won', 'captured', 2000, null, null],
      ['charge.dispute.closed.lost', 'disputed', 2000, null, null],
    ];
    for (const [name, status, amount, refundedAmount, refundId] of table) {
      it(`maps ${name} to ${status} in the PaymentIntent's stream`, () => {
        const event = fixture(name) as { id: string; type: string; created: number };
        expect(normalizeStripeEvent(fixture(name), NOW)).to.deep.equal({
          kind: 'payment',
          payment: {
            gatewayEventId: event.id,
            gatewayEventType: event.type,
            paymentId: PI,
            // Disputes carry no merchant metadata of the payment.
            orderId: name.startsWith('charge.dispute') ? null : 'order_6735',
            status,
            amount,
            currency: 'USD',
            refundedAmount,
            refundId,
            occurredAt: iso(event.created),
          },
        });
      });
    }
  });

  context('when the event type says nothing about a payment status', () => {
    for (const name of [
      'customer.created',
      'charge.updated',
      'refund.created.pending',
      'refund.failed',
    ]) {
      it(`answers ignored for ${name}`, () => {
        expect(normalizeStripeEvent(fixture(name), NOW).kind).to.equal('ignored');
      });
    }
  });

  context('when the event type is named after a property of every object', () => {
    it('ignores "__proto__" like any type it does not know', () => {
      const event = { ...(fixture('payment_intent.succeeded') as object), type: '__proto__' };
      expect(normalizeStripeEvent(event, NOW).kind).to.equal('ignored');
    });
  });

  context('when the object has no payment_intent (a legacy Charges-API payment)', () => {
    it('answers invalid so the delivery is quarantined rather than keyed by ch_', () => {
      expect(normalizeStripeEvent(fixture('charge.refunded.legacy'), NOW)).to.deep.equal({
        kind: 'invalid',
        reason: 'charge.refunded has no payment_intent to key its payment by',
      });
    });
  });

  context('with currencies whose minor unit is not the cent', () => {
    const cases: readonly [string, number, string, number][] = [
      ['jpy', 5000, 'JPY', 5000],
      ['kwd', 12340, 'KWD', 12340],
      ['mga', 5000, 'MGA', 500000],
      ['isk', 50000, 'ISK', 500],
    ];
    for (const [stripeCurrency, stripeAmount, currency, minorUnits] of cases) {
      it(`records ${stripeAmount} ${stripeCurrency} as ${minorUnits} ISO minor units of ${currency}`, () => {
        const payload = withObject('payment_intent.succeeded', {
          currency: stripeCurrency,
          amount: stripeAmount,
          amount_received: stripeAmount,
        });
        const result = normalizeStripeEvent(payload, NOW);
        expect(
          result.kind === 'payment' && [result.payment.amount, result.payment.currency],
        ).to.deep.equal([minorUnits, currency]);
      });
    }
  });

  context('when the payload fails validation', () => {
    const cases: readonly [string, JsonValue][] = [
      ['a fractional amount', withObject('payment_intent.succeeded', { amount_received: 10.5 })],
      ['a negative amount', withObject('payment_intent.created', { amount: -1 })],
      [
        'an amount beyond the safe integers',
        withObject('payment_intent.created', { amount: 2 ** 53 }),
      ],
      ['an amount as a string', withObject('payment_intent.created', { amount: '2000' })],
      [
        'a capture of zero',
        withObject('payment_intent.succeeded', { amount: 0, amount_received: 0 }),
      ],
      ['an unknown currency', withObject('payment_intent.created', { currency: 'xyz' })],
      [
        'ISK that is not a whole krona',
        withObject('payment_intent.created', { currency: 'isk', amount: 4010 }),
      ],
      [
        'a payment_intent with unsafe characters',
        withObject('charge.succeeded', { payment_intent: '$all' }),
      ],
      ['a top-level array', [1, 2]],
      [
        'an event without an id',
        { object: 'event', type: 'charge.succeeded', created: T, data: { object: {} } },
      ],
      [
        'a thin v2 event',
        {
          id: 'evt_1',
          object: 'v2.core.event',
          type: 'v1.billing.meter',
          created: T,
          data: { object: {} },
        },
      ],
    ];
    for (const [situation, payload] of cases) {
      it(`answers invalid for ${situation}`, () => {
        expect(normalizeStripeEvent(payload, NOW).kind).to.equal('invalid');
      });
    }

    it('answers invalid for an event time more than 24 h in the future', () => {
      const event = structuredClone(fixture('charge.succeeded')) as { created: number };
      event.created = NOW.getTime() / 1000 + 25 * 3600;
      expect(normalizeStripeEvent(event, NOW).kind).to.equal('invalid');
    });
  });

  context('when the metadata has no order_id', () => {
    it('records orderId null', () => {
      const result = normalizeStripeEvent(withObject('charge.succeeded', { metadata: {} }), NOW);
      expect(result.kind === 'payment' && result.payment.orderId).to.equal(null);
    });
  });
});
