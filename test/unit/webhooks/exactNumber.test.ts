import { expect } from 'chai';
import { isExactJsonNumber } from '../../../src/webhooks/exactNumber.js';

describe('isExactJsonNumber', function () {
  for (const literal of [
    '0',
    '-0',
    '100',
    '100.00',
    '19.99',
    '0.1',
    '1.005',
    '1e2',
    '1.5E-7',
    '9007199254740991',
    '9007199254740992',
    '25e20',
  ])
    it(`says ${literal} means exactly the double it is read as`, function () {
      expect(isExactJsonNumber(literal)).to.equal(true);
    });

  for (const literal of [
    '100.000000000000000001',
    '9007199254740993',
    '12345678901234567890',
    '0.30000000000000000001',
    '1e400',
    '-1e400',
    '1e-400',
    '19.990000000000000001',
  ])
    it(`says ${literal} would be rounded`, function () {
      expect(isExactJsonNumber(literal)).to.equal(false);
    });

  for (const text of ['01', '1.', '.5', '+1', 'NaN', '1e', '--1'])
    it(`leaves ${text}, which is not a JSON number, to the parser`, function () {
      expect(isExactJsonNumber(text)).to.equal(undefined);
    });
});
