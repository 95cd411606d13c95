import { expect } from 'chai';
import fc from 'fast-check';
import { verifyStripeSignature } from '../../../../../src/webhooks/gateways/stripe/verifyStripeSignature.js';
import { InvalidSignatureError } from '../../../../../src/webhooks/webhookErrors.js';
import { signStripe } from '../../../../support/signStripe.js';

const SECRET = 'whsec_test_secret';
const T = 1614265330;
const BODY = Buffer.from('{"id":"evt_test_webhook","object":"event"}');
const at = (seconds: number) => new Date(seconds * 1000);

function verify(
  header: string | undefined,
  options: {
    body?: Buffer;
    secrets?: readonly string[];
    now?: Date;
    toleranceSeconds?: number;
  } = {},
) {
  return verifyStripeSignature(
    { headers: { 'stripe-signature': header }, rawBody: options.body ?? BODY },
    options.now ?? at(T + 10),
    { secrets: options.secrets ?? [SECRET], toleranceSeconds: options.toleranceSeconds ?? 300 },
  );
}

function flipFirstByte(buffer: Buffer): Buffer {
  const copy = Buffer.from(buffer);
  copy[0] = (copy[0] ?? 0) ^ 1;
  return copy;
}

describe('verifyStripeSignature', () => {
  context('with the derived vector from the reference (whsec_test_secret, t=1614265330)', () => {
    it('accepts the published v1 signature and reports the first secret', () => {
      const header = `t=${T},v1=3c5817089d739023dd6190f70a3757e04f7a2fd8b5dab12c2e000f51970dccff`;
      expect(verify(header)).to.deep.equal({
        scheme: 'stripe-v1',
        secretIndex: 0,
        deliveryId: null,
      });
    });
  });

  context('with headers made by stripe.webhooks.generateTestHeaderString', () => {
    it('accepts every genuine header and rejects the same header over a tampered body', () => {
      fc.assert(
        fc.property(
          fc.uint8Array({ minLength: 1, maxLength: 200 }),
          fc.string({ minLength: 1, maxLength: 40 }).map((s) => `whsec_${s}`),
          (bytes, secret) => {
            const body = Buffer.from(bytes);
            const header = signStripe(body.toString(), secret, T);
            // The SDK signs the UTF-8 text of the payload, so sign and verify those exact bytes.
            const signedBody = Buffer.from(body.toString());
            expect(verify(header, { body: signedBody, secrets: [secret] }).secretIndex).to.equal(0);
            expect(() =>
              verify(header, { body: flipFirstByte(signedBody), secrets: [secret] }),
            ).to.throw(InvalidSignatureError);
          },
        ),
        { numRuns: 100 },
      );
    });

    it('rejects a header signed with another secret', () => {
      expect(() => verify(signStripe(BODY, 'whsec_other', T))).to.throw(InvalidSignatureError);
    });
  });

  context('when several secrets are configured (rotation)', () => {
    const OLD = 'whsec_old_secret';
    const NEW = 'whsec_new_secret';

    it('accepts the old secret while both are configured and reports its index', () => {
      expect(verify(signStripe(BODY, OLD, T), { secrets: [NEW, OLD] }).secretIndex).to.equal(1);
      expect(verify(signStripe(BODY, NEW, T), { secrets: [NEW, OLD] }).secretIndex).to.equal(0);
    });

    it('rejects the old secret once it is removed', () => {
      expect(() => verify(signStripe(BODY, OLD, T), { secrets: [NEW] })).to.throw(
        InvalidSignatureError,
      );
    });
  });

  context('when the header carries several signatures', () => {
    const genuine = signStripe(BODY, SECRET, T).split(',')[1]!;
    const decoy = `v1=${'0'.repeat(64)}`;

    it('accepts it when any v1 matches', () => {
      expect(verify(`t=${T},${decoy},${genuine}`).secretIndex).to.equal(0);
    });

    it('accepts duplicate headers joined with ", " by a proxy', () => {
      expect(verify(`t=${T},${decoy}, t=${T},${genuine}`).secretIndex).to.equal(0);
    });

    it('ignores a valid signature offered only as v0', () => {
      expect(() => verify(`t=${T},${genuine.replace('v1=', 'v0=')}`)).to.throw(
        InvalidSignatureError,
      );
    });
  });

  context('when the timestamp is checked against WEBHOOK_TOLERANCE_SECONDS', () => {
    const header = signStripe(BODY, SECRET, T);

    it('accepts a signature exactly as old as the tolerance', () => {
      expect(verify(header, { now: at(T + 300) }).secretIndex).to.equal(0);
    });

    it('accepts a signature exactly as far ahead as the tolerance', () => {
      expect(verify(header, { now: at(T - 300) }).secretIndex).to.equal(0);
    });

    it('rejects a signature one second further ahead than the tolerance', () => {
      expect(() => verify(header, { now: at(T - 301) }))
        .to.throw(InvalidSignatureError)
        .with.property('reason', 'timestamp outside tolerance');
    });

    it('rejects a signature one second older than the tolerance', () => {
      expect(() => verify(header, { now: at(T + 301) }))
        .to.throw(InvalidSignatureError)
        .with.property('reason', 'timestamp outside tolerance');
    });
  });

  context('when the header is missing or malformed', () => {
    const v1 = signStripe(BODY, SECRET, T).split(',')[1]!;
    const cases: readonly [string, string | undefined][] = [
      ['no header', undefined],
      ['an empty header', ''],
      ['no t=', v1],
      ['a non-numeric t', `t=abc,${v1}`],
      ['two different t values', `t=${T},t=${T + 1},${v1}`],
      ['no v1', `t=${T}`],
      ['a truncated v1', `t=${T},${v1.slice(0, 40)}`],
      ['a v1 that is not hex', `t=${T},v1=${'z'.repeat(64)}`],
    ];
    for (const [situation, header] of cases) {
      it(`answers InvalidSignatureError for ${situation}`, () => {
        expect(() => verify(header)).to.throw(InvalidSignatureError);
      });
    }
  });
});
