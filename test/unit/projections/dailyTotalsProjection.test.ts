import { expect } from 'chai';
import { dailyTotalsProjection } from '../../../projections/dailyTotals/dailyTotalsProjection.js';
import { foldEvents } from '../../../projections/foldEvents.js';
import { compareDailyTotals, type DailyTotal } from '../../../src/readModels/dailyTotal.js';
import {
  aPaymentEvent,
  recordInOrder,
  type PaymentEventSpec,
} from '../../support/paymentEvents.js';

/** The report rows (count > 0) the events fold into, as day, status, count, amount. */
function report(...specs: PaymentEventSpec[]) {
  return [...foldEvents(dailyTotalsProjection, recordInOrder(specs.map(aPaymentEvent))).values()]
    .map(({ body }) => body as DailyTotal)
    .filter((row) => row.count > 0)
    .sort(compareDailyTotals)
    .map((row) => [row.day, row.gateway, row.currency, row.status, row.count, row.amount]);
}

describe('dailyTotalsProjection', function () {
  it('counts each payment once per status reached, on the UTC day it first reached it', function () {
    expect(
      report(
        { paymentId: 'a', status: 'authorized', occurredAt: '2024-06-26T23:59:59+02:00' },
        { paymentId: 'a', status: 'captured', occurredAt: '2024-06-26T22:00:00Z' },
        { paymentId: 'a', status: 'captured', occurredAt: '2024-06-27T01:00:00Z' },
        { paymentId: 'b', amount: 1, occurredAt: '2024-06-26T10:00:00Z' },
      ),
    ).to.deep.equal([
      ['2024-06-26', 'stripe', 'USD', 'authorized', 1, 1999],
      ['2024-06-26', 'stripe', 'USD', 'captured', 2, 2000],
    ]);
  });

  it('puts refunded money in the refund rows: partial refunds while partially refunded, the rest with refunded', function () {
    expect(
      report(
        { status: 'captured', amount: 1000, occurredAt: '2024-01-01T10:00:00Z' },
        {
          status: 'partially_refunded',
          refundId: 're_1',
          amount: 300,
          occurredAt: '2024-01-02T10:00:00Z',
        },
        {
          status: 'partially_refunded',
          refundId: 're_2',
          amount: 200,
          occurredAt: '2024-01-03T10:00:00Z',
        },
        {
          status: 'partially_refunded',
          refundId: 're_3',
          amount: 500,
          occurredAt: '2024-01-04T10:00:00Z',
        },
      ),
    ).to.deep.equal([
      ['2024-01-01', 'stripe', 'USD', 'captured', 1, 1000],
      ['2024-01-02', 'stripe', 'USD', 'partially_refunded', 1, 500],
      ['2024-01-04', 'stripe', 'USD', 'refunded', 1, 500],
    ]);
  });

  it('counts a full refund under refunded only', function () {
    expect(
      report(
        { status: 'captured', amount: 1000, occurredAt: '2024-01-01T10:00:00Z' },
        {
          status: 'partially_refunded',
          refundId: 're_1',
          amount: 1000,
          occurredAt: '2024-01-02T10:00:00Z',
        },
      ),
    ).to.deep.equal([
      ['2024-01-01', 'stripe', 'USD', 'captured', 1, 1000],
      ['2024-01-02', 'stripe', 'USD', 'refunded', 1, 1000],
    ]);
  });

  it('moves a payment to the right day when an older event arrives late, leaving no count behind', function () {
    expect(
      report(
        { status: 'captured', occurredAt: '2024-01-05T10:00:00Z' },
        { status: 'captured', occurredAt: '2024-01-03T10:00:00Z' },
      ),
    ).to.deep.equal([['2024-01-03', 'stripe', 'USD', 'captured', 1, 1999]]);
  });

  it('counts a dispute with its disputed money, and a lost one as money returned', function () {
    expect(
      report(
        { status: 'captured', amount: 1000, occurredAt: '2024-01-01T10:00:00Z' },
        {
          status: 'disputed',
          amount: 1000,
          dispute: { id: 'dp_1', outcome: 'open' },
          occurredAt: '2024-01-05T10:00:00Z',
        },
        {
          status: 'disputed',
          amount: 1000,
          dispute: { id: 'dp_1', outcome: 'lost' },
          occurredAt: '2024-01-20T10:00:00Z',
        },
      ),
    ).to.deep.equal([
      ['2024-01-01', 'stripe', 'USD', 'captured', 1, 1000],
      ['2024-01-05', 'stripe', 'USD', 'disputed', 1, 1000],
      ['2024-01-20', 'stripe', 'USD', 'refunded', 1, 1000],
    ]);
  });
});
