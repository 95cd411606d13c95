import { expect } from 'chai';
import type { JsonValue } from '../../src/domain/paymentEvent.js';
import { loadFixture } from '../support/gatewayFixtures.js';
import {
  IPPOPAY_PUBLIC_KEY,
  IPPOPAY_SECRET_KEY,
  startIppopayStandIn,
  type IppopayStandIn,
} from '../support/ippopayStandIn.js';
import { signRazorpay } from '../support/signRazorpay.js';
import { signStripe } from '../support/signStripe.js';
import { storedRecords } from '../support/storedRecords.js';
import { startApp, type TestApp } from '../support/startApp.js';

const STRIPE_SECRET = 'whsec_payledger_prototype';
const RAZORPAY_SECRET = 'razorpay-prototype-secret';
/** Names every plain object answers to, through Object.prototype. */
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

const fixture = (gateway: string, name: string) =>
  loadFixture(gateway, name).json as Record<string, JsonValue>;

describe('POST /webhooks/:gateway with an event type named like a member of Object.prototype', function () {
  let standIn: IppopayStandIn;
  let app: TestApp;

  before(async function () {
    standIn = await startIppopayStandIn();
    app = await startApp({
      STRIPE_WEBHOOK_SECRET: STRIPE_SECRET,
      RAZORPAY_WEBHOOK_SECRET: RAZORPAY_SECRET,
      IPPOPAY_PUBLIC_KEY,
      IPPOPAY_SECRET_KEY,
      IPPOPAY_API_URL: standIn.url,
      PROJECTIONS_ENABLED: 'false',
    });
  });
  after(async function () {
    await app.stop();
    await standIn.close();
  });

  const keptKinds = async (gateway: string) =>
    (await storedRecords(app.service.eventStore))
      .filter((event) => event.streamName.includes(`-${gateway}:`))
      .map((event) => event.type);

  context('when a validly signed Stripe event has such a type', function () {
    it('answers 200 ignored for each and keeps each delivery as ignored', async function () {
      const answers = [];
      for (const [n, type] of PROTOTYPE_NAMES.entries()) {
        const body = JSON.stringify({
          ...fixture('stripe', 'payment_intent.succeeded'),
          id: `evt_prototype_${n}`,
          type,
        });
        const response = await app.post('/webhooks/stripe', body, {
          'stripe-signature': signStripe(body, STRIPE_SECRET, Math.floor(Date.now() / 1000)),
        });
        answers.push([response.status, ((await response.json()) as { status: string }).status]);
      }

      expect(answers).to.deep.equal(PROTOTYPE_NAMES.map(() => [200, 'ignored']));
      expect(await keptKinds('stripe')).to.deep.equal(PROTOTYPE_NAMES.map(() => 'WebhookIgnored'));
    });
  });

  context('when a validly signed Razorpay event has such a type', function () {
    it('answers 200 ignored for each and keeps each delivery as ignored', async function () {
      const answers = [];
      for (const [n, event] of PROTOTYPE_NAMES.entries()) {
        const body = JSON.stringify({ ...fixture('razorpay', 'payment.captured'), event });
        const response = await app.post('/webhooks/razorpay', body, {
          'x-razorpay-event-id': `evt_prototype_${n}`,
          'x-razorpay-signature': signRazorpay(body, RAZORPAY_SECRET),
        });
        answers.push([response.status, ((await response.json()) as { status: string }).status]);
      }

      expect(answers).to.deep.equal(PROTOTYPE_NAMES.map(() => [200, 'ignored']));
      expect(await keptKinds('razorpay')).to.deep.equal(
        PROTOTYPE_NAMES.map(() => 'WebhookIgnored'),
      );
    });
  });

  context("when Ippopay's API answers with such a transaction status", function () {
    it('answers 200 ignored for each and keeps the evidence as ignored', async function () {
      const answers = [];
      for (const [n, status] of PROTOTYPE_NAMES.entries()) {
        const orderId = `order_prototype_${n}`;
        standIn.setOrder(
          { ...fixture('ippopay', 'order'), order_id: orderId },
          { ...fixture('ippopay', 'transaction.success'), trans_id: `trans_proto_${n}`, status },
        );
        const response = await app.post('/webhooks/ippopay', JSON.stringify({ order_id: orderId }));
        answers.push([response.status, ((await response.json()) as { status: string }).status]);
      }

      expect(answers).to.deep.equal(PROTOTYPE_NAMES.map(() => [200, 'ignored']));
      expect(await keptKinds('ippopay')).to.deep.equal(PROTOTYPE_NAMES.map(() => 'WebhookIgnored'));
    });
  });
});
