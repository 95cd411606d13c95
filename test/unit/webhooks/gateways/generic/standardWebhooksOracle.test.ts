import { expect } from 'chai';
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { decodeStandardWebhookSecret } from '../../../../../src/webhooks/gateways/generic/standardWebhookSecret.js';
import { verifyStandardWebhookSignature } from '../../../../../src/webhooks/gateways/generic/verifyStandardWebhookSignature.js';
import { InvalidSignatureError } from '../../../../../src/webhooks/webhookErrors.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const NOW = new Date(1614265330 * 1000);

function accepts(body: string, headers: Record<string, string>): boolean {
  const key = decodeStandardWebhookSecret(SECRET) ?? expect.fail('bad secret');
  try {
    verifyStandardWebhookSignature({ headers, rawBody: Buffer.from(body) }, NOW, {
      keys: [key],
      toleranceSeconds: 300,
    });
    return true;
  } catch (error) {
    if (error instanceof InvalidSignatureError) return false;
    throw error;
  }
}

function libraryAccepts(body: string, headers: Record<string, string>): boolean {
  const realNow = Date.now;
  // The reference library reads the clock itself; pin it to the signing time.
  Date.now = () => NOW.getTime();
  try {
    new Webhook(SECRET).verify(body, headers);
    return true;
  } catch {
    return false;
  } finally {
    Date.now = realNow;
  }
}

describe('verifyStandardWebhookSignature against the standardwebhooks reference library', function () {
  it('agrees with the library on signatures it makes and on the same signatures over a tampered body', function () {
    fc.assert(
      fc.property(
        // The library parses what it verified, so only JSON bodies can be compared.
        fc.json({ maxDepth: 3 }),
        fc.stringMatching(/^[A-Za-z0-9_]{1,40}$/),
        (body, id) => {
          const signature = new Webhook(SECRET).sign(id, NOW, body);
          const headers = {
            'webhook-id': id,
            'webhook-timestamp': String(NOW.getTime() / 1000),
            'webhook-signature': signature,
          };
          expect([accepts(body, headers), libraryAccepts(body, headers)]).to.deep.equal([
            true,
            true,
          ]);
          const tampered = `${body} `;
          expect([accepts(tampered, headers), libraryAccepts(tampered, headers)]).to.deep.equal([
            false,
            false,
          ]);
        },
      ),
      { numRuns: 100 },
    );
  });
});
