import { expect } from 'chai';
import { loadFixture } from '../support/gatewayFixtures.js';
import { signStripe } from '../support/signStripe.js';
import { storedRecords } from '../support/storedRecords.js';
import { startApp, type TestApp } from '../support/startApp.js';

const SECRET = 'whsec_payledger_bad_inputs';
const base = loadFixture('stripe', 'payment_intent.succeeded').json as {
  created: number;
  data: { object: Record<string, unknown> };
};
const withIntent = (changes: Record<string, unknown>, created = base.created) =>
  JSON.stringify({ ...base, created, data: { object: { ...base.data.object, ...changes } } });
const inTwoDays = Math.floor(Date.now() / 1000) + 2 * 86_400;

/** ../shared/reference/bad-inputs.md, the rows that reach the Stripe gateway with a valid signature. */
const ROWS: readonly (readonly [string, string, number, string])[] = [
  [
    'fractional minor units',
    withIntent({ amount: 10.5, amount_received: 10.5 }),
    202,
    'quarantined',
  ],
  [
    'an amount beyond MAX_SAFE_INTEGER',
    withIntent({ amount_received: 2 ** 53 + 2 }),
    202,
    'quarantined',
  ],
  [
    'an amount of 1e400',
    withIntent({}).replace('"amount_received":2000', '"amount_received":1e400'),
    202,
    'quarantined',
  ],
  ['a negative amount', withIntent({ amount: -5, amount_received: -5 }), 202, 'quarantined'],
  ['an amount as a string', withIntent({ amount_received: '2000' }), 202, 'quarantined'],
  ['an unknown currency', withIntent({ currency: 'xyz' }), 202, 'quarantined'],
  ['a $-prefixed payment id', withIntent({ id: '$all' }), 202, 'quarantined'],
  ['an event time two days ahead', withIntent({}, inTwoDays), 202, 'quarantined'],
  ['lowercase usd', withIntent({ currency: 'usd' }), 200, 'accepted'],
  ['a __proto__ key', withIntent({ ['__proto__']: { polluted: true } }), 200, 'accepted'],
];

describe('POST /webhooks/stripe with bad input under a valid signature', function () {
  let app: TestApp;

  beforeEach(async function () {
    app = await startApp({ STRIPE_WEBHOOK_SECRET: SECRET });
  });

  afterEach(async function () {
    await app.stop();
  });

  for (const [input, body, status, answer] of ROWS) {
    it(`answers ${status} ${answer} for ${input}`, async function () {
      const response = await app.post('/webhooks/stripe', body, {
        'stripe-signature': signStripe(body, SECRET, Math.floor(Date.now() / 1000)),
      });

      expect(response.status).to.equal(status);
      expect(await response.json()).to.deep.include({ status: answer });
      const events = await storedRecords(app.service.eventStore);
      const streams = events.map((e) => e.streamName.split(':')[0]);
      expect(streams).to.deep.equal([
        answer === 'accepted' ? 'payment-stripe' : 'quarantine-stripe',
      ]);
      expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
    });
  }
});
