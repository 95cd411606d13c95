import { expect } from 'chai';
import { decodeJsonBody } from '../../../src/webhooks/decodeJsonBody.js';

const reasonFor = (body: string | Buffer) => {
  const decoded = decodeJsonBody(Buffer.isBuffer(body) ? body : Buffer.from(body));
  return decoded.ok ? 'ok' : decoded.reason;
};

describe('decodeJsonBody', function () {
  it('parses well-formed UTF-8 JSON and keeps its exact text', function () {
    const decoded = decodeJsonBody(Buffer.from('{"name":"Zoë", "n": 1}'));
    expect(decoded).to.deep.equal({
      ok: true,
      value: { name: 'Zoë', n: 1 },
      text: '{"name":"Zoë", "n": 1}',
    });
  });

  it('refuses invalid UTF-8 instead of replacing bytes', function () {
    expect(reasonFor(Buffer.from([0x7b, 0xc3, 0x28, 0x7d]))).to.equal('body is not valid UTF-8');
  });

  it('refuses a byte order mark', function () {
    expect(reasonFor('\uFEFF{}')).to.equal('body starts with a byte order mark');
  });

  it('refuses duplicate keys, also when one is escaped', function () {
    expect(reasonFor('{"amount":100,"amount":1}')).to.equal('duplicate key "amount"');
    expect(reasonFor('{"a":{"amount":1,"\\u0061mount":2}}')).to.equal('duplicate key "amount"');
  });

  it('allows the same key in sibling objects and strings that look like keys', function () {
    expect(reasonFor('{"a":{"k":1},"b":{"k":2},"s":"\\"k\\":"}')).to.equal('ok');
  });

  it('ends strings at the right quote after escaped backslashes and quotes', function () {
    expect(reasonFor('{"s":"a\\\\","k":1,"t":"\\\\\\"","k":2}')).to.equal('duplicate key "k"');
    expect(reasonFor('{"s":"a\\\\","k":1,"t":"\\\\\\"","j":2}')).to.equal('ok');
  });

  it('tells apart keys that differ only by an escape, and leaves raw control characters to the parser', function () {
    expect(reasonFor('{"a\\\\b":1,"a\\b":2}')).to.equal('ok');
    expect(reasonFor('{"a\\tb":1,"a\tb":2}')).to.match(/^body is not JSON/);
  });

  it('refuses nesting deeper than 64 before parsing', function () {
    expect(reasonFor('['.repeat(65) + ']'.repeat(65))).to.equal('nesting deeper than 64');
    expect(reasonFor('['.repeat(64) + ']'.repeat(64))).to.equal('ok');
  });

  for (const body of ['{"a":1', '{"a":1} x', '{"a":NaN}', '{"a":Infinity}', '']) {
    it(`refuses ${JSON.stringify(body)} as not JSON`, function () {
      expect(reasonFor(body)).to.match(/^body is not JSON/);
    });
  }

  it('refuses a number written more precisely than a double, wherever it is', function () {
    expect(reasonFor('{"amount":100.000000000000000001}')).to.equal(
      'number 100.000000000000000001 is more precise than a double; it would be rounded',
    );
    expect(reasonFor('[1, {"a": [9007199254740993]}]')).to.match(/^number 9007199254740993 /);
    expect(reasonFor('{"s":"100.000000000000000001","n":19.99,"e":1e2}')).to.equal('ok');
  });

  it('keeps a __proto__ key as plain data without touching any prototype', function () {
    const decoded = decodeJsonBody(Buffer.from('{"__proto__":{"polluted":true}}'));
    expect(decoded.ok).to.be.true;
    expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
  });
});
