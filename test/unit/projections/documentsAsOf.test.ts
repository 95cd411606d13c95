import { expect } from 'chai';
import { paymentAsOf } from '../../../projections/asOf/documentsAsOf.js';
import { foldEvents } from '../../../projections/foldEvents.js';
import { paymentsProjection } from '../../../projections/payments/paymentsProjection.js';
import { aPaymentEvent, recordInOrder } from '../../support/paymentEvents.js';

describe('paymentAsOf', function () {
  context('when the effective events are not a prefix of the stream', function () {
    it('folds only them, even after the same events were folded whole', function () {
      // The refund is dated after the moment; the repeated capture notice before it, yet it is
      // the stream's last event, on which the whole history's summary is memoized.
      const history = recordInOrder([
        aPaymentEvent({ id: 'a', status: 'captured', occurredAt: '2026-11-30T10:00:00Z' }),
        aPaymentEvent({ id: 'b', status: 'refunded', occurredAt: '2026-11-30T12:00:00Z' }),
        aPaymentEvent({ id: 'c', status: 'captured', occurredAt: '2026-11-30T10:00:05Z' }),
      ]);
      const whole = foldEvents(paymentsProjection, history).get('stripe:pi_1');
      expect(whole?.body).to.deep.include({ status: 'refunded', eventCount: 3 });
      const at = new Date('2026-11-30T11:00:00Z');
      const asOf = paymentAsOf(history, 'stripe:pi_1', { at, basis: 'effective' });
      expect(asOf?.body).to.deep.include({ status: 'captured', eventCount: 2, refundedAmount: 0 });
      expect(foldEvents(paymentsProjection, history).get('stripe:pi_1')).to.deep.equal(whole);
    });
  });
});
