import { expect } from 'chai';
import fc from 'fast-check';
import Razorpay from 'razorpay';
import { verifyRazorpaySignature } from '../../../../../src/webhooks/gateways/razorpay/verifyRazorpaySignature.js';
import { InvalidSignatureError } from '../../../../../src/webhooks/webhookErrors.js';
import { signRazorpay } from '../../../../support/signRazorpay.js';

const VECTOR_BODY = '{"a":1,"b":2,"c":{"d":3}}';
const VECTOR_SECRET = '123456';
const VECTOR_SIGNATURE = '2fe04e22977002e6c7cb553adab8b460cb9e2a4970d5953cb27a8472752e3bbc';
const EVENT_ID = 'KCVJsNfcbXXbZC';

function verify(
  body: Buffer | string,
  signature: string | undefined,
  secrets: readonly string[],
  eventId: string | null = EVENT_ID,
) {
  return verifyRazorpaySignature(
    {
      headers: { 'x-razorpay-signature': signature, 'x-razorpay-event-id': eventId ?? undefined },
      rawBody: Buffer.from(body),
    },
    { secrets },
  );
}

function accepts(body: Buffer, signature: string, secret: string): boolean {
  try {
    verify(body, signature, [secret]);
    return true;
  } catch (error) {
    if (error instanceof InvalidSignatureError) return false;
    throw error;
  }
}

describe('verifyRazorpaySignature', () => {
  context('with the published vector from razorpay-node', () => {
    it('accepts the published signature and names the delivery by x-razorpay-event-id', () => {
      expect(verify(VECTOR_BODY, VECTOR_SIGNATURE, [VECTOR_SECRET])).to.deep.equal({
        scheme: 'razorpay-hmac-sha256',
        secretIndex: 0,
        deliveryId: EVENT_ID,
      });
    });

    it('rejects the wrong signature "sdfafds"', () => {
      expect(() => verify(VECTOR_BODY, 'sdfafds', [VECTOR_SECRET])).to.throw(InvalidSignatureError);
    });
  });

  context("cross-checked with Razorpay's validateWebhookSignature", () => {
    it('agrees on genuine signatures and on signatures over a tampered body', () => {
      fc.assert(
        fc.property(
          fc.string({ minLength: 1, maxLength: 200 }),
          fc.string({ minLength: 1, maxLength: 40 }),
          (text, secret) => {
            const body = Buffer.from(text);
            const signature = signRazorpay(body, secret);
            expect(Razorpay.validateWebhookSignature(text, signature, secret)).to.equal(true);
            expect(accepts(body, signature, secret)).to.equal(true);
            const tampered = `${text} `;
            expect(Razorpay.validateWebhookSignature(tampered, signature, secret)).to.equal(false);
            expect(accepts(Buffer.from(tampered), signature, secret)).to.equal(false);
          },
        ),
        { numRuns: 100 },
      );
    });

    it('agrees when the signature was made with another secret', () => {
      const signature = signRazorpay(VECTOR_BODY, 'another secret');
      expect(Razorpay.validateWebhookSignature(VECTOR_BODY, signature, VECTOR_SECRET)).to.equal(
        false,
      );
      expect(accepts(Buffer.from(VECTOR_BODY), signature, VECTOR_SECRET)).to.equal(false);
    });
  });

  context('when several secrets are configured (rotation)', () => {
    const signedWithOld = signRazorpay(VECTOR_BODY, 'old secret');

    it('accepts a retry signed with the old secret while both are configured', () => {
      expect(verify(VECTOR_BODY, signedWithOld, ['new secret', 'old secret']).secretIndex).to.equal(
        1,
      );
    });

    it('rejects it once the old secret is removed', () => {
      expect(() => verify(VECTOR_BODY, signedWithOld, ['new secret'])).to.throw(
        InvalidSignatureError,
      );
    });
  });

  context('when a header is missing or malformed', () => {
    it('rejects a delivery without X-Razorpay-Signature', () => {
      expect(() => verify(VECTOR_BODY, undefined, [VECTOR_SECRET])).to.throw(InvalidSignatureError);
    });

    it('rejects a genuine signature without x-razorpay-event-id, which is the only replay defence', () => {
      expect(() => verify(VECTOR_BODY, VECTOR_SIGNATURE, [VECTOR_SECRET], null))
        .to.throw(InvalidSignatureError)
        .with.property('reason', 'missing x-razorpay-event-id: cannot be deduplicated');
    });

    it('rejects an x-razorpay-event-id that is not safe to name a stream with', () => {
      expect(() => verify(VECTOR_BODY, VECTOR_SIGNATURE, [VECTOR_SECRET], '$all/../x')).to.throw(
        InvalidSignatureError,
      );
    });

    it('rejects a truncated signature without comparing it', () => {
      expect(() => verify(VECTOR_BODY, VECTOR_SIGNATURE.slice(0, 62), [VECTOR_SECRET])).to.throw(
        InvalidSignatureError,
      );
    });
  });
});
