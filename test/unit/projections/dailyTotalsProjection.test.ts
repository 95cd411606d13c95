import { expect } from 'chai';
import { sumDailyTotals } from '../../../projections/dailyTotals/dailyTotalsProjection.js';
import { aPaymentDocument } from '../../support/paymentEvents.js';

const aPayment = aPaymentDocument;

describe('sumDailyTotals', function () {
  it('counts each payment once per status reached, on the UTC day it first reached it', function () {
    const refundedNextDay = aPayment(
      { paymentId: 'a', status: 'authorized', occurredAt: '2024-06-26T23:59:59+02:00' },
      { paymentId: 'a', status: 'captured', occurredAt: '2024-06-26T22:00:00Z' },
      { paymentId: 'a', status: 'captured', occurredAt: '2024-06-27T01:00:00Z' },
      { paymentId: 'a', status: 'refunded', occurredAt: '2024-06-27T09:00:00Z' },
    );
    const capturedOnce = aPayment({
      paymentId: 'b',
      amount: 1,
      occurredAt: '2024-06-26T10:00:00Z',
    });

    const totals = sumDailyTotals([refundedNextDay, capturedOnce]);

    expect(totals).to.deep.equal([
      {
        day: '2024-06-26',
        gateway: 'stripe',
        currency: 'USD',
        status: 'authorized',
        count: 1,
        amount: 1999,
      },
      {
        day: '2024-06-26',
        gateway: 'stripe',
        currency: 'USD',
        status: 'captured',
        count: 2,
        amount: 2000,
      },
      {
        day: '2024-06-27',
        gateway: 'stripe',
        currency: 'USD',
        status: 'refunded',
        count: 1,
        amount: 1999,
      },
    ]);
    expect(sumDailyTotals([capturedOnce, refundedNextDay], { from: '2024-06-27' })).to.deep.equal(
      totals.slice(2),
    );
  });

  it('counts a status decided by refund totals on the deciding event’s day', function () {
    const payment = aPayment(
      { status: 'captured', amount: 100, occurredAt: '2024-01-01T00:00:00Z' },
      {
        status: 'partially_refunded',
        refundId: 'r',
        amount: 100,
        occurredAt: '2024-01-02T00:00:00Z',
      },
    );
    expect(sumDailyTotals([payment]).map((t) => [t.day, t.status])).to.deep.equal([
      ['2024-01-01', 'captured'],
      ['2024-01-02', 'partially_refunded'],
      ['2024-01-02', 'refunded'],
    ]);
  });
});
