import { expect } from 'chai';
import { parseCurrencyCode, type CurrencyCode } from '../../../src/domain/currency.js';
import { majorToMinorUnits, toMinorUnits } from '../../../src/domain/money.js';

const currency = (code: string): CurrencyCode =>
  parseCurrencyCode(code) ?? expect.fail(`unknown ${code}`);

describe('majorToMinorUnits', function () {
  for (const [major, code, minor] of [
    [100.0, 'USD', 10000],
    [19.99, 'USD', 1999],
    [1.005, 'KWD', 1005],
    [0.1, 'USD', 10],
    [1500, 'JPY', 1500],
    [12.345, 'BHD', 12345],
    ['100.00', 'USD', 10000],
    [0, 'EUR', 0],
  ] as const) {
    it(`converts ${String(major)} ${code} to ${minor} minor units without float arithmetic`, function () {
      expect(majorToMinorUnits(major, currency(code))).to.equal(minor);
    });
  }

  for (const [major, code, why] of [
    [100.005, 'USD', 'more fraction digits than USD has'],
    [1.5, 'JPY', 'a fraction of a yen'],
    [-1, 'USD', 'a negative amount'],
    [Infinity, 'USD', 'infinity (1e400 in JSON)'],
    [Number.NaN, 'USD', 'NaN'],
    [1e21, 'USD', 'an exponent form'],
    [1e-7, 'USD', 'a tiny exponent form'],
    [Number.MAX_SAFE_INTEGER, 'USD', 'more minor units than a safe integer'],
    ['1,00', 'USD', 'a comma decimal'],
  ] as const) {
    it(`rejects ${why}`, function () {
      expect(majorToMinorUnits(major, currency(code))).to.equal(undefined);
    });
  }
});

describe('toMinorUnits', function () {
  it('accepts a whole number of minor units', function () {
    expect(toMinorUnits(1999)).to.equal(1999);
  });

  it('rejects fractions, negatives and unsafe integers', function () {
    expect([10.5, -1, 2 ** 53].map(toMinorUnits)).to.deep.equal([undefined, undefined, undefined]);
  });
});

describe('parseCurrencyCode', function () {
  it('upper-cases a known code', function () {
    expect(parseCurrencyCode('usd')).to.equal('USD');
  });

  it('refuses a code that is not ISO 4217', function () {
    expect(parseCurrencyCode('XYZ')).to.equal(undefined);
  });
});
