import { expect } from 'chai';
import { aGenericPayment } from '../support/builders.js';
import { signStandardWebhook } from '../support/signStandardWebhook.js';
import { storedRecords } from '../support/storedRecords.js';
import { startApp, type TestApp } from '../support/startApp.js';

type Stored = 'nothing' | 'one event' | 'one quarantined body';

interface Row {
  readonly input: string;
  readonly body: string;
  readonly status: number;
  readonly answer: string;
  readonly stored: Stored;
}

const payment = aGenericPayment({ paymentId: 'pay_bad' });
const withData = (data: Record<string, unknown>) =>
  JSON.stringify({ ...payment, data: { ...payment.data, ...data } });
const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
const inTwoDays = new Date(Date.now() + 2 * 86_400_000).toISOString();

/** ../shared/reference/bad-inputs.md, the rows that reach the generic gateway with a valid signature. */
const ROWS: readonly Row[] = [
  {
    input: 'a top-level array',
    body: '[1,2]',
    status: 202,
    answer: 'quarantined',
    stored: 'one quarantined body',
  },
  {
    input: 'a top-level scalar',
    body: '42',
    status: 202,
    answer: 'quarantined',
    stored: 'one quarantined body',
  },
  {
    input: 'missing required fields',
    body: '{"event":"payment.updated"}',
    status: 202,
    answer: 'quarantined',
    stored: 'one quarantined body',
  },
  {
    input: 'truncated JSON',
    body: '{"event":"payment.updated"',
    status: 202,
    answer: 'quarantined',
    stored: 'one quarantined body',
  },
  {
    input: 'trailing garbage',
    body: `${JSON.stringify(payment)}x`,
    status: 202,
    answer: 'quarantined',
    stored: 'one quarantined body',
  },
  {
    input: 'a NaN literal',
    body: withData({}).replace('100', 'NaN'),
    status: 202,
    answer: 'quarantined',
    stored: 'one quarantined body',
  },
  {
    input: 'a UTF-8 byte order mark',
    body: `\uFEFF${JSON.stringify(payment)}`,
    status: 202,
    answer: 'quarantined',
    stored: 'one quarantined body',
  },
  {
    input: 'nesting 100 deep',
    body: `{"event":"payment.updated","x":${'['.repeat(100)}${']'.repeat(100)}}`,
    status: 202,
    answer: 'quarantined',
    stored: 'one quarantined body',
  },
  {
    input: 'duplicate keys',
    body: withData({}).replace('"amount":100', '"amount":100,"amount":1'),
    status: 202,
    answer: 'quarantined',
    stored: 'one quarantined body',
  },
  {
    input: 'an amount of 1e400',
    body: withData({}).replace('"amount":100', '"amount":1e400'),
    status: 202,
    answer: 'quarantined',
    stored: 'one quarantined body',
  },
  {
    input: 'an amount beyond MAX_SAFE_INTEGER',
    body: withData({ amount: 2 ** 60 }),
    status: 202,
    answer: 'quarantined',
    stored: 'one quarantined body',
  },
  {
    input: 'an amount more precise than a double (100.000000000000000001 USD)',
    body: withData({}).replace('"amount":100', '"amount":100.000000000000000001'),
    status: 202,
    answer: 'quarantined',
    stored: 'one quarantined body',
  },
  {
    input: 'more decimals than USD has (100.005)',
    body: withData({ amount: 100.005 }),
    status: 202,
    answer: 'quarantined',
    stored: 'one quarantined body',
  },
  {
    input: 'a fraction of a yen',
    body: withData({ amount: 10.5, currency: 'JPY' }),
    status: 202,
    answer: 'quarantined',
    stored: 'one quarantined body',
  },
  {
    input: 'a negative amount',
    body: withData({ amount: -5 }),
    status: 202,
    answer: 'quarantined',
    stored: 'one quarantined body',
  },
  {
    input: 'a capture of zero',
    body: withData({ amount: 0 }),
    status: 202,
    answer: 'quarantined',
    stored: 'one quarantined body',
  },
  {
    input: 'an amount as a string',
    body: withData({ amount: '100.00' }),
    status: 202,
    answer: 'quarantined',
    stored: 'one quarantined body',
  },
  {
    input: 'an unknown currency (XYZ)',
    body: withData({ currency: 'XYZ' }),
    status: 202,
    answer: 'quarantined',
    stored: 'one quarantined body',
  },
  {
    input: 'a lowercase currency (usd)',
    body: withData({ currency: 'usd' }),
    status: 200,
    answer: 'accepted',
    stored: 'one event',
  },
  {
    input: 'a three-decimal currency (KWD 1.005)',
    body: withData({ amount: 1.005, currency: 'KWD' }),
    status: 200,
    answer: 'accepted',
    stored: 'one event',
  },
  {
    input: 'a paymentId over 255 characters',
    body: withData({ paymentId: 'p'.repeat(256) }),
    status: 202,
    answer: 'quarantined',
    stored: 'one quarantined body',
  },
  {
    input: 'a paymentId with a slash',
    body: withData({ paymentId: 'pay/../x' }),
    status: 202,
    answer: 'quarantined',
    stored: 'one quarantined body',
  },
  {
    input: 'a $-prefixed paymentId',
    body: withData({ paymentId: '$all' }),
    status: 202,
    answer: 'quarantined',
    stored: 'one quarantined body',
  },
  {
    input: 'an event time two days ahead',
    body: JSON.stringify({ ...payment, timestamp: inTwoDays }),
    status: 202,
    answer: 'quarantined',
    stored: 'one quarantined body',
  },
  {
    input: 'an event time an hour ahead (clock skew)',
    body: JSON.stringify({ ...payment, timestamp: inAnHour }),
    status: 200,
    answer: 'accepted',
    stored: 'one event',
  },
  {
    input: 'an unknown status word',
    body: withData({ status: 'teleported' }),
    status: 202,
    answer: 'quarantined',
    stored: 'one quarantined body',
  },
  {
    input: 'a __proto__ key',
    body: withData({}).replace('"paymentId"', '"__proto__":{"polluted":true},"paymentId"'),
    status: 200,
    answer: 'accepted',
    stored: 'one event',
  },
  {
    input: 'a constructor.prototype key',
    body: JSON.stringify({ ...payment, constructor: { prototype: { polluted: true } } }),
    status: 200,
    answer: 'accepted',
    stored: 'one event',
  },
];

describe('POST /webhooks/generic with bad input', function () {
  let app: TestApp;

  beforeEach(async function () {
    app = await startApp();
  });

  afterEach(async function () {
    await app.stop();
  });

  for (const row of ROWS) {
    it(`answers ${row.status} ${row.answer} to ${row.input} and stores ${row.stored}`, async function () {
      const response = await app.post('/webhooks/generic', row.body, {
        ...signStandardWebhook(row.body),
      });

      expect(response.status).to.equal(row.status);
      expect(await response.json()).to.deep.include({ status: row.answer });
      const events = await storedRecords(app.service.eventStore);
      const expectedTypes = {
        nothing: [],
        'one event': ['PaymentCaptured'],
        'one quarantined body': ['WebhookQuarantined'],
      }[row.stored];
      expect(events.map((e) => e.type)).to.deep.equal(expectedTypes);
      expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
    });
  }
});
