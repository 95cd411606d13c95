import { expect } from 'chai';
import fc from 'fast-check';
import { formatMinorUnits } from '../../../src/console/money/formatMinorUnits.js';

describe('formatMinorUnits(amount, exponent)', function () {
  context('when the currency has 0, 2 or 3 decimals (JPY, USD, KWD)', function () {
    it('moves the decimal point by the exponent and groups thousands', function () {
      expect(formatMinorUnits(123456, 0)).to.equal('123,456');
      expect(formatMinorUnits(123456, 2)).to.equal('1,234.56');
      expect(formatMinorUnits(123456, 3)).to.equal('123.456');
      expect(formatMinorUnits(1999, 2)).to.equal('19.99');
    });
  });

  context('when the amount is smaller than one major unit or zero', function () {
    it('pads with zeros', function () {
      expect(formatMinorUnits(5, 2)).to.equal('0.05');
      expect(formatMinorUnits(0, 3)).to.equal('0.000');
      expect(formatMinorUnits(0, 0)).to.equal('0');
    });
  });

  context('when the amount is negative or as large as a safe integer', function () {
    it('keeps every digit exactly', function () {
      expect(formatMinorUnits(-1050, 2)).to.equal('−10.50');
      expect(formatMinorUnits(Number.MAX_SAFE_INTEGER, 2)).to.equal('90,071,992,547,409.91');
    });
  });

  context('when the amount is not a whole number of minor units', function () {
    it('throws rather than rounding', function () {
      expect(() => formatMinorUnits(19.99, 2)).to.throw(RangeError);
      expect(() => formatMinorUnits(Number.NaN, 2)).to.throw(RangeError);
    });
  });

  it('reads back as the same integer for every safe amount and exponent', function () {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 0, max: 4 }),
        (amount, exponent) => {
          const digits = formatMinorUnits(amount, exponent).replaceAll(',', '').replace('.', '');
          expect(BigInt(digits)).to.equal(BigInt(amount));
        },
      ),
    );
  });
});
