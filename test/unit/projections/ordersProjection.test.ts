import { expect } from 'chai';
import { projectOrder } from '../../../projections/orders/ordersProjection.js';
import type { PaymentDocument } from '../../../src/readModels/paymentDocument.js';
import { aPaymentDocument } from '../../support/paymentEvents.js';

const aPayment = aPaymentDocument;

describe('projectOrder', function () {
  it('sums captured, refunded and net per currency over the order’s payments', function () {
    const card = aPayment(
      { paymentId: 'pi_1', status: 'captured', amount: 1000 },
      { paymentId: 'pi_1', status: 'partially_refunded', refundId: 're_1', amount: 250 },
    );
    const upi = aPayment({ gateway: 'razorpay', paymentId: 'pay_1', amount: 500, currency: 'INR' });
    const failed = aPayment({ paymentId: 'pi_2', status: 'failed', amount: 1000 });
    const other = aPayment({ paymentId: 'pi_3', orderId: 'ord_2' });

    const order = projectOrder('ord_1', [upi, failed, other, card]);

    expect(order).to.deep.include({
      orderId: 'ord_1',
      status: 'partially_refunded',
      totals: [
        { currency: 'INR', captured: 500, refunded: 0, net: 500 },
        { currency: 'USD', captured: 1000, refunded: 250, net: 750 },
      ],
    });
    expect(order?.payments.map((p) => `${p.gateway}:${p.paymentId}`)).to.deep.equal([
      'razorpay:pay_1',
      'stripe:pi_1',
      'stripe:pi_2',
    ]);
    expect(projectOrder('ord_1', [card, failed, upi])).to.deep.equal(order);
  });

  it('derives the order status from its payments', function () {
    const status = (...payments: PaymentDocument[]) => projectOrder('ord_1', payments)?.status;
    expect(status(aPayment({ status: 'captured' }))).to.equal('paid');
    expect(status(aPayment({ status: 'refunded' }))).to.equal('refunded');
    expect(status(aPayment({ status: 'disputed' }))).to.equal('disputed');
    expect(status(aPayment({ status: 'authorized' }))).to.equal('authorized');
    expect(status(aPayment({ status: 'pending' }))).to.equal('pending');
    expect(status(aPayment({ status: 'canceled' }))).to.equal('canceled');
    expect(
      status(aPayment({ status: 'canceled' }), aPayment({ paymentId: 'x', status: 'failed' })),
    ).to.equal('failed');
  });

  it('finds nothing for an order no payment names', function () {
    expect(projectOrder('ord_none', [aPayment({})])).to.equal(undefined);
  });
});
