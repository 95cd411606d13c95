import { expect } from 'chai';
import {
  dailySeries,
  daysBetween,
  niceCeiling,
} from '../../../src/console/pages/reports/dailySeries.js';

const row = (day: string, currency: string, status: string, amount: number, count = 1) => ({
  day,
  gateway: 'generic',
  currency,
  status,
  count,
  amount,
});

describe('dailySeries(rows, range, status)', function () {
  context('when rows of several gateways, currencies and statuses fall in the range', function () {
    it('sums the chosen status per currency and day, with zero days filled in', function () {
      const rows = [
        row('2024-06-26', 'USD', 'captured', 1999),
        { ...row('2024-06-26', 'USD', 'captured', 1), gateway: 'stripe' },
        row('2024-06-26', 'USD', 'authorized', 5000),
        row('2024-06-28', 'JPY', 'captured', 1500, 2),
        row('2024-06-30', 'USD', 'captured', 7),
      ];
      expect(dailySeries(rows, { from: '2024-06-26', to: '2024-06-28' }, 'captured')).to.deep.equal(
        [
          {
            currency: 'JPY',
            status: 'captured',
            amount: 1500,
            count: 2,
            days: [
              { day: '2024-06-26', amount: 0, count: 0 },
              { day: '2024-06-27', amount: 0, count: 0 },
              { day: '2024-06-28', amount: 1500, count: 2 },
            ],
          },
          {
            currency: 'USD',
            status: 'captured',
            amount: 2000,
            count: 2,
            days: [
              { day: '2024-06-26', amount: 2000, count: 2 },
              { day: '2024-06-27', amount: 0, count: 0 },
              { day: '2024-06-28', amount: 0, count: 0 },
            ],
          },
        ],
      );
    });
  });

  context('when a sum would pass 2^53 minor units', function () {
    it('throws instead of losing precision', function () {
      const rows = [
        row('2024-06-26', 'USD', 'captured', Number.MAX_SAFE_INTEGER),
        row('2024-06-26', 'USD', 'captured', 1),
      ];
      expect(() =>
        dailySeries(rows, { from: '2024-06-26', to: '2024-06-26' }, 'captured'),
      ).to.throw(RangeError);
    });
  });
});

describe('daysBetween(from, to)', function () {
  it('lists every UTC day, both ends included, across a month end and a leap day', function () {
    expect(daysBetween('2024-02-28', '2024-03-01')).to.deep.equal([
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
    ]);
    expect(daysBetween('2024-03-02', '2024-03-01')).to.deep.equal([]);
  });
});

describe('niceCeiling(max)', function () {
  it('rounds up to 1, 2 or 5 times a power of ten', function () {
    expect([0, 1, 3, 7, 10, 11, 123456, 200000].map(niceCeiling)).to.deep.equal([
      1, 1, 5, 10, 10, 20, 200000, 200000,
    ]);
  });
});
