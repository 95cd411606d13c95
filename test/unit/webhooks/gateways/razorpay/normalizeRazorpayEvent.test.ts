import { expect } from 'chai';
import type { JsonValue } from '../../../../../src/domain/paymentEvent.js';
import { normalizeRazorpayEvent } from '../../../../../src/webhooks/gateways/razorpay/normalizeRazorpayEvent.js';
import { loadFixture } from '../../../../support/gatewayFixtures.js';

const NOW = new Date('2026-01-01T00:00:00Z');
const EVENT_ID = 'KCVJsNfcbXXbZC';
const fixture = (name: string) => loadFixture('razorpay', name).json;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

function normalize(payload: JsonValue) {
  return normalizeRazorpayEvent(payload, EVENT_ID, NOW);
}

interface RazorpayEvent {
  entity: string;
  created_at: number;
  payload: Partial<Record<string, { entity: Record<string, JsonValue> }>>;
}

function edited(name: string, edit: (event: RazorpayEvent) => void): JsonValue {
  const event = structuredClone(fixture(name)) as unknown as RazorpayEvent;
  edit(event);
  return event as unknown as JsonValue;
}

describe('normalizeRazorpayEvent', () => {
  context('with the documented sample payloads', () => {
    // fixture → paymentId, orderId, status, amount, refundedAmount, refundId
    const table: readonly [
      string,
      string,
      string | null,
      string,
      number,
      number | null,
      string | null,
    ][] = [
      [
        'payment.authorized',
        'pay_DESlfW9H8K9uqM',
        'order_DESlLckIVRkHWj',
        'authorized',
        100,
        null,
        null,
      ],
      [
        'payment.captured',
        'pay_DESlfW9H8K9uqM',
        'order_DESlLckIVRkHWj',
        'captured',
        100,
        null,
        null,
      ],
      ['payment.failed', 'pay_DEAU825sJlCbGa', 'order_DEATVTRRctwEGb', 'failed', 50000, null, null],
      ['order.paid', 'pay_DESlfW9H8K9uqM', 'order_DESlLckIVRkHWj', 'captured', 100, null, null],
      [
        'refund.processed',
        'pay_DESlfW9H8K9uqM',
        'order_DESlLckIVRkHWj',
        'refunded',
        100,
        100,
        'rfnd_FS8TWyPrCsa0OB',
      ],
      [
        'refund.processed.partial',
        'pay_DESlfW9H8K9uqM',
        'order_DESlLckIVRkHWj',
        'partially_refunded',
        40,
        40,
        'rfnd_FS8TWyPrCsa0OC',
      ],
      [
        'payment.dispute.created',
        'pay_DESlfW9H8K9uqM',
        'order_DESlLckIVRkHWj',
        'disputed',
        100,
        null,
        null,
      ],
      [
        'payment.dispute.won',
        'pay_DESlfW9H8K9uqM',
        'order_DESlLckIVRkHWj',
        'captured',
        100,
        null,
        null,
      ],
      [
        'payment.dispute.lost',
        'pay_DESlfW9H8K9uqM',
        'order_DESlLckIVRkHWj',
        'disputed',
        100,
        null,
        null,
      ],
    ];
    for (const [name, paymentId, orderId, status, amount, refundedAmount, refundId] of table) {
      it(`maps ${name} to ${status}`, () => {
        const event = fixture(name) as { event: string; created_at: number };
        expect(normalize(fixture(name))).to.deep.equal({
          kind: 'payment',
          payment: {
            gatewayEventId: EVENT_ID,
            gatewayEventType: event.event,
            paymentId,
            orderId,
            status,
            amount,
            currency: 'INR',
            refundedAmount,
            refundId,
            occurredAt: iso(event.created_at),
          },
        });
      });
    }
  });

  context('when a payment fails and is then captured (a UPI retry, as Razorpay documents)', () => {
    it('emits failed and then a later captured for the same payment, leaving order to the projection', () => {
      const failed = normalize(fixture('payment.failed.upi'));
      const captured = normalize(fixture('payment.captured.upi'));
      if (failed.kind !== 'payment' || captured.kind !== 'payment')
        expect.fail('both are payments');
      expect([failed.payment.status, captured.payment.status]).to.deep.equal([
        'failed',
        'captured',
      ]);
      expect(captured.payment.paymentId).to.equal(failed.payment.paymentId);
      expect(captured.payment.occurredAt > failed.payment.occurredAt).to.equal(true);
    });
  });

  context('when the event is named after a property of every object', () => {
    it('ignores "__proto__" like any event it does not know', () => {
      const result = normalize(
        edited('refund.processed', (event) => {
          (event as unknown as { event: string }).event = '__proto__';
        }),
      );
      expect(result.kind).to.equal('ignored');
    });
  });

  context('when the event moves no money or is not about a payment', () => {
    for (const name of ['refund.created', 'refund.failed', 'payment.downtime.resolved']) {
      it(`answers ignored for ${name}`, () => {
        expect(normalize(fixture(name)).kind).to.equal('ignored');
      });
    }
  });

  context('when the payload fails validation', () => {
    const cases: readonly [string, JsonValue][] = [
      [
        'fractional paise',
        edited('payment.captured', (e) => (e.payload['payment']!.entity.amount = 10.5)),
      ],
      [
        'a negative amount',
        edited('payment.failed', (e) => (e.payload['payment']!.entity.amount = -100)),
      ],
      [
        'a capture of zero',
        edited('payment.captured', (e) => (e.payload['payment']!.entity.amount = 0)),
      ],
      [
        'an amount as a string',
        edited('payment.captured', (e) => (e.payload['payment']!.entity.amount = '100')),
      ],
      [
        'an unknown currency',
        edited('payment.captured', (e) => (e.payload['payment']!.entity.currency = 'XYZ')),
      ],
      [
        'an unsafe payment id',
        edited('payment.captured', (e) => (e.payload['payment']!.entity.id = '$ce-x')),
      ],
      ['a payment event without its payment', edited('payment.captured', (e) => (e.payload = {}))],
      ['an order.paid without its order', edited('order.paid', (e) => delete e.payload['order'])],
      [
        'an envelope that is not an event',
        edited('payment.captured', (e) => (e.entity = 'collection')),
      ],
      [
        'an event time more than 24 h ahead',
        edited('payment.captured', (e) => (e.created_at = NOW.getTime() / 1000 + 90000)),
      ],
      ['a top-level scalar', 42],
    ];
    for (const [situation, payload] of cases) {
      it(`answers invalid for ${situation}`, () => {
        expect(normalize(payload).kind).to.equal('invalid');
      });
    }
  });

  context('with a lowercase currency', () => {
    it('upper-cases it', () => {
      const result = normalize(
        edited('payment.captured', (e) => (e.payload['payment']!.entity.currency = 'inr')),
      );
      expect(result.kind === 'payment' && result.payment.currency).to.equal('INR');
    });
  });
});
