import { expect } from 'chai';
import { foldEvents } from '../../../projections/foldEvents.js';
import { paymentsProjection } from '../../../projections/payments/paymentsProjection.js';
import { aPaymentDocument, aPaymentEvent, recordInOrder } from '../../support/paymentEvents.js';

const project = aPaymentDocument;

const at = (second: number) => new Date(Date.UTC(2024, 5, 26, 11, 0, second)).toISOString();

describe('paymentsProjection', function () {
  context('when events arrive out of order', function () {
    it('keeps a captured payment captured when an older authorized event arrives late', function () {
      const document = project(
        { status: 'captured', occurredAt: at(2) },
        { status: 'authorized', occurredAt: at(1) },
      );
      expect(document.status).to.equal('captured');
      expect(document.eventCount).to.equal(2);
    });

    it('breaks a tie on the gateway time by lifecycle rank', function () {
      const document = project(
        { id: 'b', status: 'captured', occurredAt: at(1) },
        { id: 'a', status: 'authorized', occurredAt: at(1) },
      );
      expect(document.status).to.equal('captured');
      expect(document.decidedBy.eventId).to.equal('b');
    });
  });

  context('when a payment failed', function () {
    it('accepts a later authorization as real', function () {
      const document = project(
        { status: 'authorized', occurredAt: at(3) },
        { status: 'failed', occurredAt: at(1) },
      );
      expect(document.status).to.equal('authorized');
    });

    it('is failed when the failure is the latest event', function () {
      expect(
        project(
          { status: 'authorized', occurredAt: at(1) },
          { status: 'failed', occurredAt: at(2) },
        ).status,
      ).to.equal('failed');
    });

    it('never lets a failure or a cancelation undo money that moved', function () {
      const document = project(
        { status: 'captured', occurredAt: at(1) },
        { status: 'failed', occurredAt: at(5) },
        { status: 'canceled', occurredAt: at(6) },
      );
      expect(document.status).to.equal('captured');
    });
  });

  context('when a payment was canceled', function () {
    it('stays canceled whatever pre-capture event comes later', function () {
      const document = project(
        { status: 'canceled', occurredAt: at(2) },
        { status: 'authorized', occurredAt: at(3) },
        { status: 'pending', occurredAt: at(4) },
      );
      expect(document.status).to.equal('canceled');
    });
  });

  context('when a payment is disputed', function () {
    it('stays disputed against later partial refunds and pre-capture events', function () {
      const document = project(
        { status: 'captured', occurredAt: at(1) },
        { status: 'disputed', occurredAt: at(2) },
        { status: 'partially_refunded', occurredAt: at(3), refundId: 're_1', amount: 100 },
        { status: 'authorized', occurredAt: at(4) },
      );
      expect(document.status).to.equal('disputed');
    });

    it('is resolved by a later capture (dispute won) or refund (dispute lost)', function () {
      expect(
        project(
          { status: 'disputed', occurredAt: at(2) },
          { status: 'captured', occurredAt: at(3) },
        ).status,
      ).to.equal('captured');
      const lost = project(
        { status: 'disputed', occurredAt: at(2) },
        { status: 'refunded', occurredAt: at(3) },
      );
      expect(lost.status).to.equal('refunded');
      expect(lost.refundedAmount).to.equal(1999);
    });
  });

  context('when a dispute names its outcome', function () {
    const dispute = (outcome: 'open' | 'won' | 'lost', second: number, amount = 1000) => ({
      status: 'disputed' as const,
      occurredAt: at(second),
      amount,
      dispute: { id: 'dp_1', outcome },
    });

    it('is disputed while the dispute is open', function () {
      const document = project(
        { status: 'captured', occurredAt: at(1), amount: 1000 },
        dispute('open', 2),
      );
      expect(document).to.include({ status: 'disputed', amount: 1000, refundedAmount: 0 });
    });

    it('goes back to its money status when the dispute is won', function () {
      const won = project(
        { status: 'captured', occurredAt: at(1), amount: 1000 },
        dispute('open', 2),
        dispute('won', 3),
      );
      expect(won).to.include({ status: 'captured', amount: 1000, refundedAmount: 0 });
      const refundedBefore = project(
        { status: 'captured', occurredAt: at(1), amount: 1000 },
        { status: 'partially_refunded', occurredAt: at(2), refundId: 're_1', amount: 300 },
        dispute('open', 3, 700),
        dispute('won', 4, 700),
      );
      expect(refundedBefore).to.include({ status: 'partially_refunded', refundedAmount: 300 });
    });

    it('counts a lost dispute as money returned: refunded when it covers the payment, partially otherwise', function () {
      const lostAll = project(
        { status: 'captured', occurredAt: at(1), amount: 1000 },
        dispute('open', 2),
        dispute('lost', 3),
      );
      expect(lostAll).to.include({ status: 'refunded', amount: 1000, refundedAmount: 0 });
      const lostPart = project(
        { status: 'captured', occurredAt: at(1), amount: 1000 },
        dispute('lost', 3, 400),
        dispute('lost', 4, 400),
      );
      expect(lostPart).to.include({ status: 'partially_refunded', amount: 1000 });
    });

    it('takes the closing notice over an opening one of the same second, whatever their ids', function () {
      for (const [openId, lostId] of [
        ['a', 'b'],
        ['b', 'a'],
      ] as const) {
        const document = project(
          { status: 'captured', occurredAt: at(1), amount: 1000 },
          { ...dispute('open', 5), id: openId },
          { ...dispute('lost', 5), id: lostId },
        );
        expect(document.status, `${openId} ${lostId}`).to.equal('refunded');
      }
    });
  });

  context('when refunds arrive', function () {
    it('sums refunds over distinct refund ids, counting a redelivered refund once', function () {
      const document = project(
        { status: 'captured', occurredAt: at(1), amount: 1000 },
        { status: 'partially_refunded', occurredAt: at(2), refundId: 're_1', amount: 300 },
        { status: 'partially_refunded', occurredAt: at(3), refundId: 're_1', amount: 300 },
        { status: 'partially_refunded', occurredAt: at(4), refundId: 're_2', amount: 200 },
      );
      expect(document).to.include({ status: 'partially_refunded', amount: 1000 });
      expect(document.refundedAmount).to.equal(500);
    });

    it('takes a stated cumulative total when it exceeds the distinct refunds', function () {
      const document = project(
        { status: 'captured', occurredAt: at(1), amount: 1000 },
        { status: 'partially_refunded', occurredAt: at(2), refundId: 're_1', amount: 300 },
        { status: 'partially_refunded', occurredAt: at(3), refundedAmount: 700 },
      );
      expect(document.refundedAmount).to.equal(700);
    });

    it('becomes refunded when the refunds reach the amount', function () {
      const document = project(
        { status: 'captured', occurredAt: at(1), amount: 1000 },
        { status: 'partially_refunded', occurredAt: at(2), refundId: 're_1', amount: 600 },
        { status: 'partially_refunded', occurredAt: at(3), refundId: 're_2', amount: 400 },
      );
      expect(document).to.include({ status: 'refunded', refundedAmount: 1000 });
    });
  });

  it('records which event decided the status and the bookkeeping fields', function () {
    const document = project(
      { id: 'e1', status: 'authorized', occurredAt: at(1), orderId: null },
      { id: 'e2', status: 'captured', occurredAt: at(2), orderId: 'ord_9' },
    );
    expect(document).to.deep.include({
      key: 'stripe:pi_1',
      gateway: 'stripe',
      paymentId: 'pi_1',
      orderId: 'ord_9',
      lastEventAt: at(2),
      eventCount: 2,
      version: 2,
      lastGlobalPosition: { commit: 2n, prepare: 2n },
      decidedBy: {
        eventId: 'e2',
        status: 'captured',
        occurredAt: at(2),
        gatewayEventType: 'payment.captured',
      },
    });
  });

  it('treats an empty order or refund id as none', function () {
    const document = project(
      { status: 'captured', occurredAt: at(1), orderId: '', amount: 1000 },
      { status: 'partially_refunded', occurredAt: at(2), refundId: '', orderId: null },
      { status: 'partially_refunded', occurredAt: at(3), refundId: '', orderId: null },
    );
    expect(document).to.include({ orderId: null, amount: 1000, refundedAmount: 0 });
  });

  it('leaves a payment out from its first event that is not a payment event on', function () {
    const events = recordInOrder([
      aPaymentEvent({ paymentId: 'pi_a', status: 'authorized', occurredAt: at(1) }),
      aPaymentEvent({ paymentId: 'pi_a', amount: 12.5, occurredAt: at(2) }),
      aPaymentEvent({ paymentId: 'pi_a', status: 'refunded', occurredAt: at(3) }),
      aPaymentEvent({ paymentId: 'pi_b', amount: 12.5 }),
    ]);
    const documents = foldEvents(paymentsProjection, events);
    expect([...documents.keys()]).to.deep.equal(['stripe:pi_a']);
    expect(documents.get('stripe:pi_a')?.body).to.include({ status: 'authorized', eventCount: 1 });
  });
});
