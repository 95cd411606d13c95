import { expect } from 'chai';
import { canonicalJson } from '../../../src/audit/canonicalJson.js';

describe('canonicalJson', function () {
  it('sorts keys at every depth and writes no whitespace', function () {
    expect(canonicalJson({ b: [{ z: 1, a: null }], a: 'x', é: true, B: 2 })).to.equal(
      '{"B":2,"a":"x","b":[{"a":null,"z":1}],"é":true}',
    );
  });

  it('gives one text for values that differ only in key order', function () {
    const parsed = JSON.parse('{"amount": 100, "meta": {"y": 2, "x": 1}}') as never;
    expect(canonicalJson(parsed)).to.equal(canonicalJson({ meta: { x: 1, y: 2 }, amount: 100 }));
  });

  it('writes numbers and strings as JSON.stringify does (RFC 8785 for JSON values)', function () {
    expect(canonicalJson([1e21, 0.1, -0, 'a"\u2028\ud800'])).to.equal(
      '[1e+21,0.1,0,"a\\"\u2028\\ud800"]',
    );
  });

  it('refuses numbers JSON cannot hold', function () {
    expect(() => canonicalJson(Number.NaN)).to.throw(TypeError);
  });
});
