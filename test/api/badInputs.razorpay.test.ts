import { expect } from 'chai';
import { loadFixture } from '../support/gatewayFixtures.js';
import { signRazorpay } from '../support/signRazorpay.js';
import { storedRecords } from '../support/storedRecords.js';
import { startApp, type TestApp } from '../support/startApp.js';

const SECRET = 'razorpay-bad-inputs-secret';
const base = loadFixture('razorpay', 'payment.captured').json as {
  created_at: number;
  payload: { payment: { entity: Record<string, unknown> } };
};
const withPayment = (changes: Record<string, unknown>, createdAt = base.created_at) =>
  JSON.stringify({
    ...base,
    created_at: createdAt,
    payload: { payment: { entity: { ...base.payload.payment.entity, ...changes } } },
  });
const inTwoDays = Math.floor(Date.now() / 1000) + 2 * 86_400;

/** ../shared/reference/bad-inputs.md, the rows that reach the Razorpay gateway with a valid signature. */
const ROWS: readonly (readonly [string, string, number, string])[] = [
  ['fractional paise', withPayment({ amount: 10.5 }), 202, 'quarantined'],
  [
    'an amount of 1e400',
    withPayment({}).replace('"amount":100', '"amount":1e400'),
    202,
    'quarantined',
  ],
  ['a negative amount', withPayment({ amount: -100 }), 202, 'quarantined'],
  ['a capture of zero', withPayment({ amount: 0 }), 202, 'quarantined'],
  ['an unknown currency', withPayment({ currency: 'XYZ' }), 202, 'quarantined'],
  ['a payment id with a stream separator', withPayment({ id: 'pay_1/../x' }), 202, 'quarantined'],
  ['an event time two days ahead', withPayment({}, inTwoDays), 202, 'quarantined'],
  ['lowercase inr', withPayment({ currency: 'inr' }), 200, 'accepted'],
];

describe('POST /webhooks/razorpay with bad input under a valid signature', function () {
  let app: TestApp;

  beforeEach(async function () {
    app = await startApp({ RAZORPAY_WEBHOOK_SECRET: SECRET });
  });

  afterEach(async function () {
    await app.stop();
  });

  for (const [input, body, status, answer] of ROWS) {
    it(`answers ${status} ${answer} for ${input}`, async function () {
      const response = await app.post('/webhooks/razorpay', body, {
        'x-razorpay-signature': signRazorpay(body, SECRET),
        'x-razorpay-event-id': 'EvtBadInput',
      });

      expect(response.status).to.equal(status);
      expect(await response.json()).to.deep.include({ status: answer });
      const events = await storedRecords(app.service.eventStore);
      expect(events.map((e) => e.streamName.split(':')[0])).to.deep.equal([
        answer === 'accepted' ? 'payment-razorpay' : 'quarantine-razorpay',
      ]);
    });
  }
});
