import { expect } from 'chai';
import type { RecordedEvent } from '../../src/eventStore/eventStore.js';
import { loadFixture } from '../support/gatewayFixtures.js';
import { signStripe } from '../support/signStripe.js';
import { storedRecords } from '../support/storedRecords.js';
import { AUDITOR_TOKEN, startApp, type TestApp } from '../support/startApp.js';

const SECRET = 'whsec_payledger_api_test_secret';
const OLD_SECRET = 'whsec_payledger_api_test_old';
const PI = 'pi_3MtwBwLkdIwHu7ix28a3tqPa';
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('POST /webhooks/stripe', function () {
  let app: TestApp;

  beforeEach(async function () {
    app = await startApp({ STRIPE_WEBHOOK_SECRET: `${SECRET}, ${OLD_SECRET}` });
  });

  afterEach(async function () {
    await app.stop();
  });

  const allEvents = (): Promise<RecordedEvent[]> => storedRecords(app.service.eventStore);
  const deliver = (name: string, secret = SECRET, timestamp = nowSeconds()) => {
    const { rawBody } = loadFixture('stripe', name);
    return app.post('/webhooks/stripe', rawBody, {
      'stripe-signature': signStripe(rawBody, secret, timestamp),
    });
  };

  context('when signed sample events of one payment arrive', function () {
    it('answers 200 accepted for each and files charge and refund events under the PaymentIntent', async function () {
      const samples = [
        'payment_intent.created',
        'charge.succeeded',
        'payment_intent.succeeded',
        'charge.refunded.partial',
        'refund.created',
      ];
      const answers: { status: string; stream: string }[] = [];
      for (const name of samples) {
        const response = await deliver(name);
        expect(response.status, name).to.equal(200);
        answers.push((await response.json()) as { status: string; stream: string });
      }
      expect(answers.map((a) => [a.status, a.stream])).to.deep.equal(
        samples.map(() => ['accepted', `payment-stripe:${PI}`]),
      );

      const response = await app.get(`/payments/stripe/${PI}/history`, AUDITOR_TOKEN);
      const history = (await response.json()) as {
        events: {
          type: string;
          data: {
            gatewayEventType: string;
            amount: number;
            currency: string;
            refundId: string | null;
          };
        }[];
      };
      expect(
        history.events.map((e) => [
          e.type,
          e.data.gatewayEventType,
          e.data.amount,
          e.data.currency,
          e.data.refundId,
        ]),
      ).to.deep.equal([
        ['PaymentPending', 'payment_intent.created', 2000, 'USD', null],
        ['PaymentCaptured', 'charge.succeeded', 2000, 'USD', null],
        ['PaymentCaptured', 'payment_intent.succeeded', 2000, 'USD', null],
        ['PaymentPartiallyRefunded', 'charge.refunded', 2000, 'USD', null],
        ['PaymentPartiallyRefunded', 'refund.created', 500, 'USD', 're_3MtwBwLkdIwHu7ix2Xr0Rsam'],
      ]);
    });

    it('stores the untouched body and the signature scheme with the event', async function () {
      const { rawBody, json } = loadFixture('stripe', 'payment_intent.succeeded');
      await deliver('payment_intent.succeeded');

      const [event, ...others] = await allEvents();
      expect(others).to.deep.equal([]);
      expect(event?.data).to.deep.include({
        gateway: 'stripe',
        gatewayEventId: 'evt_3MtwBwLkdIwHu7ix0000000004',
        paymentId: PI,
        orderId: 'order_6735',
        status: 'captured',
        rawBody: rawBody.toString(),
      });
      expect(event?.data).to.not.have.property('payload');
      const history = (await (
        await app.get(`/payments/stripe/${PI}/history`, AUDITOR_TOKEN)
      ).json()) as {
        events: { data: { payload: unknown } }[];
      };
      expect(history.events[0]?.data.payload).to.deep.equal(json);
      expect(event?.metadata).to.deep.include({ signatureScheme: 'stripe-v1', secretIndex: 0 });
    });
  });

  context('when Stripe redelivers an event (same id, a fresh signature)', function () {
    it('answers 200 duplicate and stores nothing new', async function () {
      const first = (await (await deliver('charge.captured')).json()) as { eventId: string };
      const again = await deliver('charge.captured', SECRET, nowSeconds() - 60);

      expect(again.status).to.equal(200);
      expect(await again.json()).to.deep.equal({ status: 'duplicate', eventId: first.eventId });
      expect(await allEvents()).to.have.length(1);
    });
  });

  context('when the event is of a type payledger does not model', function () {
    for (const [fixture, paymentId] of [
      ['customer.created', null],
      ['charge.updated', 'pi_3MtwBwLkdIwHu7ix28a3tqPa'],
      ['refund.failed', 'pi_3MtwBwLkdIwHu7ix28a3tqPa'],
    ] as const) {
      it(`answers 200 ignored to ${fixture} and keeps it, byte for byte, in the ignored list`, async function () {
        const response = await deliver(fixture);

        expect(response.status).to.equal(200);
        expect(await response.json()).to.deep.include({ status: 'ignored' });
        const [event, ...others] = await allEvents();
        expect(others).to.deep.equal([]);
        expect(event?.type).to.equal('WebhookIgnored');
        expect(event?.streamName).to.match(/^ignored-stripe:[0-9a-f]{64}$/);
        expect(event?.data).to.deep.include({
          rawBody: loadFixture('stripe', fixture).rawBody.toString(),
          paymentId,
        });
        expect(event?.metadata).to.deep.include({ signatureScheme: 'stripe-v1', secretIndex: 0 });
      });
    }
  });

  context('when a charge has no PaymentIntent (legacy Charges API)', function () {
    it('answers 202 quarantined and keeps the body out of any payment stream', async function () {
      const response = await deliver('charge.refunded.legacy');

      expect(response.status).to.equal(202);
      expect(await response.json()).to.deep.include({
        status: 'quarantined',
        reason: 'charge.refunded has no payment_intent to key its payment by',
      });
      const events = await allEvents();
      expect(events.map((e) => e.streamName.split(':')[0])).to.deep.equal(['quarantine-stripe']);
    });
  });

  context('when secrets rotate', function () {
    it('accepts an event signed by the old secret while both are configured, recording its index', async function () {
      const response = await deliver('charge.failed', OLD_SECRET);

      expect(response.status).to.equal(200);
      const [event] = await allEvents();
      expect(event?.metadata).to.deep.include({ secretIndex: 1 });
    });

    it('answers 401 for the old secret once it is removed', async function () {
      const rotated = await startApp({ STRIPE_WEBHOOK_SECRET: SECRET });
      try {
        const { rawBody } = loadFixture('stripe', 'charge.failed');
        const response = await rotated.post('/webhooks/stripe', rawBody, {
          'stripe-signature': signStripe(rawBody, OLD_SECRET, nowSeconds()),
        });
        expect(response.status).to.equal(401);
        expect(await rotated.service.eventStore.readAll({ maxCount: 10 })).to.deep.equal([]);
      } finally {
        await rotated.stop();
      }
    });
  });

  context('when the signature does not hold', function () {
    const cases: [string, (rawBody: Buffer) => Record<string, string>][] = [
      ['no Stripe-Signature', () => ({})],
      [
        'an unknown secret',
        (body) => ({ 'stripe-signature': signStripe(body, 'whsec_other', nowSeconds()) }),
      ],
      [
        'a t older than WEBHOOK_TOLERANCE_SECONDS',
        (body) => ({ 'stripe-signature': signStripe(body, SECRET, nowSeconds() - 301) }),
      ],
      [
        'a t further ahead than WEBHOOK_TOLERANCE_SECONDS',
        (body) => ({ 'stripe-signature': signStripe(body, SECRET, nowSeconds() + 301) }),
      ],
      [
        'only a v0 signature',
        (body) => ({
          'stripe-signature': signStripe(body, SECRET, nowSeconds()).replace('v1=', 'v0='),
        }),
      ],
      [
        'a signature of another body',
        () => ({ 'stripe-signature': signStripe('{}', SECRET, nowSeconds()) }),
      ],
    ];
    for (const [situation, headersFor] of cases) {
      it(`answers 401 invalid_signature for ${situation} and stores nothing`, async function () {
        const { rawBody } = loadFixture('stripe', 'payment_intent.succeeded');
        const response = await app.post('/webhooks/stripe', rawBody, headersFor(rawBody));

        expect(response.status).to.equal(401);
        expect(await response.json()).to.deep.equal({
          error: 'invalid_signature',
          message: 'The webhook signature is missing, invalid or outside the allowed time window.',
        });
        expect(await allEvents()).to.deep.equal([]);
      });
    }
  });
});
