import { expect } from 'chai';
import { foldEvents } from '../../../projections/foldEvents.js';
import { ordersProjection } from '../../../projections/orders/ordersProjection.js';
import type { OrderBody } from '../../../src/readModels/orderDocument.js';
import {
  aPaymentEvent,
  recordInOrder,
  type PaymentEventSpec,
} from '../../support/paymentEvents.js';

const at = (second: number) => new Date(Date.UTC(2024, 5, 26, 11, 0, second)).toISOString();

function orders(...specs: PaymentEventSpec[]): Map<string, OrderBody> {
  const folded = foldEvents(ordersProjection, recordInOrder(specs.map(aPaymentEvent)));
  return new Map([...folded].map(([key, { body }]) => [key, body as OrderBody]));
}

describe('ordersProjection', function () {
  it('sums captured, refunded, disputedLost and net per currency over the order’s payments', function () {
    const order = orders(
      { paymentId: 'pi_1', status: 'captured', amount: 1000, occurredAt: at(1) },
      {
        paymentId: 'pi_1',
        status: 'partially_refunded',
        refundId: 're_1',
        amount: 250,
        occurredAt: at(2),
      },
      { gateway: 'razorpay', paymentId: 'pay_1', amount: 500, currency: 'INR', occurredAt: at(3) },
      { paymentId: 'pi_2', status: 'failed', amount: 1000, occurredAt: at(4) },
      { paymentId: 'pi_3', status: 'captured', amount: 800, occurredAt: at(5) },
      {
        paymentId: 'pi_3',
        status: 'disputed',
        amount: 800,
        dispute: { id: 'dp_1', outcome: 'lost' },
        occurredAt: at(6),
      },
      { paymentId: 'pi_4', orderId: 'ord_2', occurredAt: at(7) },
    ).get('ord_1');
    expect(order).to.deep.include({
      orderId: 'ord_1',
      status: 'partially_refunded',
      totals: {
        INR: { captured: 500, refunded: 0, disputedLost: 0, net: 500 },
        USD: { captured: 1800, refunded: 250, disputedLost: 800, net: 750 },
      },
      lastEventAt: at(6),
    });
    expect(order?.payments.map((p) => [p.gateway, p.paymentId, p.status])).to.deep.equal([
      ['razorpay', 'pay_1', 'captured'],
      ['stripe', 'pi_1', 'partially_refunded'],
      ['stripe', 'pi_2', 'failed'],
      ['stripe', 'pi_3', 'refunded'],
    ]);
  });

  it('derives the order status from its payments', function () {
    const status = (...specs: PaymentEventSpec[]) => orders(...specs).get('ord_1')?.status;
    expect(status({ status: 'captured' })).to.equal('paid');
    expect(status({ status: 'refunded' })).to.equal('refunded');
    expect(status({ status: 'disputed' })).to.equal('disputed');
    expect(status({ status: 'authorized' })).to.equal('pending');
    expect(status({ status: 'pending' })).to.equal('pending');
    expect(status({ status: 'canceled' })).to.equal('canceled');
    expect(status({ status: 'canceled' }, { paymentId: 'pi_2', status: 'failed' })).to.equal(
      'failed',
    );
    expect(
      status(
        { status: 'captured', amount: 100 },
        {
          status: 'disputed',
          amount: 100,
          dispute: { id: 'dp', outcome: 'lost' },
          occurredAt: '2024-06-27T00:00:00Z',
        },
      ),
    ).to.equal('refunded');
  });

  it('moves a payment to the order its latest order-naming event names, deleting an order left empty', function () {
    const folded = orders(
      { paymentId: 'pi_1', orderId: 'ord_a', status: 'authorized', occurredAt: at(1) },
      { paymentId: 'pi_1', orderId: 'ord_b', status: 'captured', occurredAt: at(2) },
      {
        paymentId: 'pi_1',
        orderId: null,
        status: 'partially_refunded',
        refundId: 're',
        amount: 10,
        occurredAt: at(3),
      },
    );
    expect([...folded.keys()]).to.deep.equal(['ord_b']);
    expect(folded.get('ord_b')?.payments.map((p) => p.status)).to.deep.equal([
      'partially_refunded',
    ]);
  });

  it('keeps an order whose payment came later but happened earlier where its latest event names it', function () {
    const folded = orders(
      { paymentId: 'pi_1', orderId: 'ord_b', status: 'captured', occurredAt: at(5) },
      { paymentId: 'pi_1', orderId: 'ord_a', status: 'authorized', occurredAt: at(1) },
    );
    expect([...folded.keys()]).to.deep.equal(['ord_b']);
  });
});
