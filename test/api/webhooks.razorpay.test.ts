import { expect } from 'chai';
import type { RecordedEvent } from '../../src/eventStore/eventStore.js';
import { loadFixture } from '../support/gatewayFixtures.js';
import { signRazorpay } from '../support/signRazorpay.js';
import { storedRecords } from '../support/storedRecords.js';
import { AUDITOR_TOKEN, startApp, type TestApp } from '../support/startApp.js';

const SECRET = 'razorpay-api-test-secret';
const OLD_SECRET = 'razorpay-api-test-old-secret';

describe('POST /webhooks/razorpay', function () {
  let app: TestApp;

  beforeEach(async function () {
    app = await startApp({ RAZORPAY_WEBHOOK_SECRET: `${SECRET},${OLD_SECRET}` });
  });

  afterEach(async function () {
    await app.stop();
  });

  const allEvents = (): Promise<RecordedEvent[]> => storedRecords(app.service.eventStore);
  const deliver = (name: string, eventId: string, secret = SECRET) => {
    const { rawBody } = loadFixture('razorpay', name);
    return app.post('/webhooks/razorpay', rawBody, {
      'x-razorpay-signature': signRazorpay(rawBody, secret),
      'x-razorpay-event-id': eventId,
    });
  };

  context('when signed sample events arrive', function () {
    it('answers 200 accepted and records authorized, captured and the processed refund in one stream', async function () {
      const samples: [string, string][] = [
        ['payment.authorized', 'Evt1Authorized'],
        ['payment.captured', 'Evt2Captured'],
        ['order.paid', 'Evt3OrderPaid'],
        ['refund.processed', 'Evt4Refund'],
      ];
      for (const [name, eventId] of samples) {
        const response = await deliver(name, eventId);
        expect(response.status, name).to.equal(200);
        expect(await response.json(), name).to.deep.include({
          status: 'accepted',
          stream: 'payment-razorpay:pay_DESlfW9H8K9uqM',
        });
      }

      const response = await app.get(
        '/payments/razorpay/pay_DESlfW9H8K9uqM/history',
        AUDITOR_TOKEN,
      );
      const history = (await response.json()) as {
        events: {
          type: string;
          data: Record<string, unknown>;
          metadata: Record<string, unknown>;
        }[];
      };
      expect(
        history.events.map((e) => [
          e.type,
          e.data['gatewayEventId'],
          e.data['orderId'],
          e.data['amount'],
          e.data['currency'],
        ]),
      ).to.deep.equal([
        ['PaymentAuthorized', 'Evt1Authorized', 'order_DESlLckIVRkHWj', 100, 'INR'],
        ['PaymentCaptured', 'Evt2Captured', 'order_DESlLckIVRkHWj', 100, 'INR'],
        ['PaymentCaptured', 'Evt3OrderPaid', 'order_DESlLckIVRkHWj', 100, 'INR'],
        ['PaymentRefunded', 'Evt4Refund', 'order_DESlLckIVRkHWj', 100, 'INR'],
      ]);
      expect(history.events[3]?.data).to.deep.include({
        refundId: 'rfnd_FS8TWyPrCsa0OB',
        refundedAmount: 100,
      });
      expect(history.events[0]?.metadata).to.deep.include({
        signatureScheme: 'razorpay-hmac-sha256',
        secretIndex: 0,
      });
    });

    it('records a failed payment and its later capture, both as they happened', async function () {
      await deliver('payment.failed.upi', 'EvtUpiFailed');
      await deliver('payment.captured.upi', 'EvtUpiCaptured');

      const events = await allEvents();
      expect(events.map((e) => [e.streamName, e.type])).to.deep.equal([
        ['payment-razorpay:pay_DESyzxuld02Zul', 'PaymentFailed'],
        ['payment-razorpay:pay_DESyzxuld02Zul', 'PaymentCaptured'],
      ]);
    });
  });

  context('when Razorpay resends an event (same x-razorpay-event-id, same bytes)', function () {
    it('answers 200 duplicate and stores nothing new, with no freshness limit to lean on', async function () {
      const first = (await (await deliver('payment.captured', 'EvtResent')).json()) as {
        eventId: string;
      };
      const again = await deliver('payment.captured', 'EvtResent');

      expect(again.status).to.equal(200);
      expect(await again.json()).to.deep.equal({ status: 'duplicate', eventId: first.eventId });
      expect(await allEvents()).to.have.length(1);
    });
  });

  context('when a captured body is replayed under a fresh x-razorpay-event-id', function () {
    it('answers 200 duplicate with the stored event id and stores nothing new', async function () {
      const first = (await (await deliver('payment.captured', 'EvtOriginal')).json()) as {
        eventId: string;
      };
      const replays = await Promise.all(
        ['EvtReplay1', 'EvtReplay2', 'EvtReplay3'].map((id) => deliver('payment.captured', id)),
      );

      for (const replay of replays) {
        expect(replay.status).to.equal(200);
        expect(await replay.json()).to.deep.equal({ status: 'duplicate', eventId: first.eventId });
      }
      expect(await allEvents()).to.have.length(1);
    });

    it('still stores a different body for the same payment', async function () {
      await deliver('payment.authorized', 'EvtAuthorized');
      await deliver('payment.captured', 'EvtCaptured');

      expect((await allEvents()).map((event) => event.type)).to.deep.equal([
        'PaymentAuthorized',
        'PaymentCaptured',
      ]);
    });

    it('keeps an ignored body once, whatever id it is replayed under', async function () {
      await deliver('refund.created', 'EvtRefundCreated');
      await deliver('refund.created', 'EvtRefundCreatedAgain');

      const [event, ...others] = await allEvents();
      expect(others).to.deep.equal([]);
      expect(event?.data).to.deep.include({ deliveryId: 'EvtRefundCreated' });
    });
  });

  context('when the event moves no money', function () {
    it('answers 200 ignored for refund.created and keeps it with the payment it names', async function () {
      const response = await deliver('refund.created', 'EvtRefundCreated');

      expect(response.status).to.equal(200);
      expect(await response.json()).to.deep.include({ status: 'ignored' });
      const [event] = await allEvents();
      expect(event?.type).to.equal('WebhookIgnored');
      expect(event?.data).to.deep.include({
        paymentId: (
          loadFixture('razorpay', 'refund.created').json as {
            payload: { refund: { entity: { payment_id: string } } };
          }
        ).payload.refund.entity.payment_id,
        eventType: 'refund.created',
      });
    });
  });

  context('when secrets rotate', function () {
    it('accepts a retry signed by the old secret and records which secret matched', async function () {
      expect((await deliver('payment.captured', 'EvtOldSecret', OLD_SECRET)).status).to.equal(200);
      const [event] = await allEvents();
      expect(event?.metadata).to.deep.include({ secretIndex: 1 });
    });
  });

  context('when the delivery cannot be authenticated or deduplicated', function () {
    it('answers 401 for a genuine signature without x-razorpay-event-id and stores nothing', async function () {
      const { rawBody } = loadFixture('razorpay', 'payment.captured');
      const response = await app.post('/webhooks/razorpay', rawBody, {
        'x-razorpay-signature': signRazorpay(rawBody, SECRET),
      });

      expect(response.status).to.equal(401);
      expect(await response.json()).to.deep.include({ error: 'invalid_signature' });
      expect(await allEvents()).to.deep.equal([]);
    });

    it('answers 401 for a signature by an unknown secret', async function () {
      const response = await deliver('payment.captured', 'EvtForged', 'not-the-secret');

      expect(response.status).to.equal(401);
      expect(await allEvents()).to.deep.equal([]);
    });

    it('answers 401 when a proxy re-serialized the signed body', async function () {
      const { rawBody, json } = loadFixture('razorpay', 'payment.captured');
      const response = await app.post('/webhooks/razorpay', JSON.stringify(json), {
        'x-razorpay-signature': signRazorpay(rawBody, SECRET),
        'x-razorpay-event-id': 'EvtReserialized',
      });

      expect(response.status).to.equal(401);
    });
  });

  context('when a signed payload fails validation', function () {
    it('answers 202 quarantined, noting the delivery id', async function () {
      const body = JSON.stringify({
        entity: 'event',
        event: 'payment.captured',
        payload: {},
        created_at: 1567674606,
      });
      const response = await app.post('/webhooks/razorpay', body, {
        'x-razorpay-signature': signRazorpay(body, SECRET),
        'x-razorpay-event-id': 'EvtBroken',
      });

      expect(response.status).to.equal(202);
      expect(await response.json()).to.deep.include({ status: 'quarantined' });
      const [event] = await allEvents();
      expect(event?.data).to.deep.include({ deliveryId: 'EvtBroken', gateway: 'razorpay' });
    });
  });
});
