import { expect } from 'chai';
import { verifyStandardWebhookSignature } from '../../../../../src/webhooks/gateways/generic/verifyStandardWebhookSignature.js';
import { decodeStandardWebhookSecret } from '../../../../../src/webhooks/gateways/generic/standardWebhookSecret.js';
import { InvalidSignatureError } from '../../../../../src/webhooks/webhookErrors.js';

// The published vector: standard-webhooks/standard-webhooks libraries/javascript/src/webhook.test.ts.
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const TIMESTAMP = 1614265330;
const BODY = Buffer.from('{"test": 2432232314}');
const SIGNATURE = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';
const AT_SIGNING = new Date(TIMESTAMP * 1000);

const key = (secret: string) =>
  decodeStandardWebhookSecret(secret) ?? expect.fail(`bad secret ${secret}`);
const verify = (
  signature: string,
  options: { keys?: Buffer[]; now?: Date; timestamp?: string } = {},
) =>
  verifyStandardWebhookSignature(
    {
      headers: {
        'webhook-id': ID,
        'webhook-timestamp': options.timestamp ?? String(TIMESTAMP),
        'webhook-signature': signature,
      },
      rawBody: BODY,
    },
    options.now ?? AT_SIGNING,
    { keys: options.keys ?? [key(SECRET)], toleranceSeconds: 300 },
  );

describe('verifyStandardWebhookSignature', function () {
  it('accepts the published test vector', function () {
    expect(verify(SIGNATURE)).to.deep.equal({
      scheme: 'standard-webhooks-v1',
      secretIndex: 0,
      deliveryId: ID,
    });
  });

  it('accepts the secret without its whsec_ prefix', function () {
    expect(verify(SIGNATURE, { keys: [key(SECRET.slice('whsec_'.length))] }).secretIndex).to.equal(
      0,
    );
  });

  it('finds the valid signature among decoys and other versions', function () {
    const header = `v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= ${SIGNATURE}`;
    expect(verify(header).secretIndex).to.equal(0);
  });

  it('reports which of several secrets matched', function () {
    const other = key('whsec_c2Vjb25kLXNlY3JldC1rZXktMDEyMzQ1Njc4OQ==');
    expect(verify(SIGNATURE, { keys: [other, key(SECRET)] }).secretIndex).to.equal(1);
  });

  it('accepts a timestamp exactly at the edge of the tolerance', function () {
    expect(verify(SIGNATURE, { now: new Date((TIMESTAMP + 300) * 1000) }).secretIndex).to.equal(0);
  });

  for (const [situation, run] of [
    [
      '300 s + 1 s after the timestamp',
      () => verify(SIGNATURE, { now: new Date((TIMESTAMP + 301) * 1000) }),
    ],
    [
      '300 s + 1 s before the timestamp',
      () => verify(SIGNATURE, { now: new Date((TIMESTAMP - 301) * 1000) }),
    ],
    ['a truncated signature', () => verify('v1,')],
    ['a one-character change in the signature', () => verify(SIGNATURE.replace('g0hM', 'g0hN'))],
    ['a signature without its version', () => verify(SIGNATURE.slice(3))],
    ['a timestamp in milliseconds', () => verify(SIGNATURE, { timestamp: `${TIMESTAMP}000` })],
    [
      'an unknown secret',
      () => verify(SIGNATURE, { keys: [key('whsec_c2Vjb25kLXNlY3JldC1rZXktMDEyMzQ1Njc4OQ==')] }),
    ],
  ] as const) {
    it(`rejects ${situation}`, function () {
      expect(run).to.throw(InvalidSignatureError);
    });
  }
});
