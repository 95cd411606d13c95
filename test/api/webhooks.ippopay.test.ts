import { expect } from 'chai';
import type { JsonValue } from '../../src/domain/paymentEvent.js';
import type { RecordedEvent } from '../../src/eventStore/eventStore.js';
import { eventually } from '../support/eventually.js';
import { loadFixture } from '../support/gatewayFixtures.js';
import { apiFetch } from '../support/openApi/apiFetch.js';
import {
  IPPOPAY_PUBLIC_KEY,
  IPPOPAY_SECRET_KEY,
  startIppopayStandIn,
  type IppopayStandIn,
} from '../support/ippopayStandIn.js';
import { storedRecords } from '../support/storedRecords.js';
import { startApp, type TestApp } from '../support/startApp.js';

const order = loadFixture('ippopay', 'order').json as { order_id: string } & Record<
  string,
  JsonValue
>;
const notification = loadFixture('ippopay', 'notification').rawBody;

describe('POST /webhooks/ippopay', function () {
  let standIn: IppopayStandIn;
  let app: TestApp;

  beforeEach(async function () {
    standIn = await startIppopayStandIn();
    app = await startApp({
      IPPOPAY_PUBLIC_KEY,
      IPPOPAY_SECRET_KEY,
      IPPOPAY_API_URL: standIn.url,
    });
  });

  afterEach(async function () {
    await app.stop();
    await standIn.close();
  });

  const allEvents = (): Promise<RecordedEvent[]> => storedRecords(app.service.eventStore);
  const notify = (body: Buffer | string = notification) => app.post('/webhooks/ippopay', body);

  context('when the API confirms the notified order was paid', function () {
    it('answers 200 accepted and records the transaction as captured with what was checked', async function () {
      standIn.setOrder(order, loadFixture('ippopay', 'transaction.success').json);
      const response = await notify();

      expect(response.status).to.equal(200);
      expect(await response.json()).to.deep.include({
        status: 'accepted',
        stream: 'payment-ippopay:trans_t2Jca2dVIF',
      });
      const [event, ...others] = await allEvents();
      expect(others).to.deep.equal([]);
      expect(event?.type).to.equal('PaymentCaptured');
      expect(event?.data).to.deep.include({
        gatewayEventId: 'trans_t2Jca2dVIF:success',
        orderId: 'order_G@nzg3qBq',
        amount: 10000,
        currency: 'INR',
      });
      // The evidence is kept once, as the raw body; the history parses it as the payload.
      expect(event?.data).to.not.have.property('payload');
      const payload = JSON.parse((event?.data as { rawBody: string }).rawBody) as {
        notification: JsonValue;
        confirmation: { transaction: { data: { transaction: { status: string } } } };
      };
      // Only the order id read from the notification is kept, never what else was posted.
      expect(payload.notification).to.deep.equal({ order_id: 'order_G@nzg3qBq' });
      expect(payload.confirmation.transaction.data.transaction.status).to.equal('success');
      expect(event?.metadata).to.deep.include({
        signatureScheme: 'ippopay-api-confirmation',
        secretIndex: 0,
      });
    });

    it('answers 200 duplicate to the same notification again', async function () {
      standIn.setOrder(order, loadFixture('ippopay', 'transaction.success').json);
      await notify();
      const again = await notify();

      expect(again.status).to.equal(200);
      expect(await again.json()).to.deep.include({ status: 'duplicate' });
      expect(await allEvents()).to.have.length(1);
    });
  });

  context('when the notification claims success but the API reports failure', function () {
    it('records the failure the API confirms', async function () {
      standIn.setOrder(order, loadFixture('ippopay', 'transaction.failure').json);
      await notify();

      const [event] = await allEvents();
      expect(event?.type).to.equal('PaymentFailed');
    });
  });

  context('when the Ippopay API is down', function () {
    it('answers 503 gateway_unavailable with Retry-After, stores nothing, and accepts the retry once it is back', async function () {
      standIn.setOrder(order, loadFixture('ippopay', 'transaction.success').json);
      standIn.setMode('failing');
      const response = await notify();

      expect(response.status).to.equal(503);
      expect(response.headers.get('retry-after')).to.equal('5');
      expect(await response.json()).to.deep.include({ error: 'gateway_unavailable' });
      expect(await allEvents()).to.deep.equal([]);

      standIn.setMode('up');
      const retry = await notify();
      expect(retry.status).to.equal(200);
      expect(await allEvents()).to.have.length(1);
    });

    it('answers 503 when the API cannot be reached at all', async function () {
      await standIn.close();
      const response = await notify();

      expect(response.status).to.equal(503);
      expect(await allEvents()).to.deep.equal([]);
    });
  });

  context('when the notification cannot be confirmed', function () {
    const bodies: readonly (readonly [string, string | Buffer])[] = [
      ['names an order the API does not know', '{"order_id":"order_forged"}'],
      ['is not JSON', 'order_id=order_G@nzg3qBq'],
      ['is not UTF-8', Buffer.from([0x7b, 0xff, 0x7d])],
      ['is JSON but not a notification', '{"transaction_no":"trans_t2Jca2dVIF"}'],
    ];
    for (const [what, body] of bodies) {
      it(`answers 400 invalid_notification when it ${what}, and stores nothing`, async function () {
        standIn.setOrder(order, loadFixture('ippopay', 'transaction.success').json);
        const response = await notify(body);

        expect(response.status).to.equal(400);
        expect(await response.json()).to.deep.include({ error: 'invalid_notification' });
        expect(await app.service.eventStore.readAll({ maxCount: 10 })).to.deep.equal([]);
      });
    }
  });

  context('when the transaction is not final yet', function () {
    it('records it as pending, and the final state notified later moves the payment on', async function () {
      const success = loadFixture('ippopay', 'transaction.success').json as Record<
        string,
        JsonValue
      >;
      standIn.setOrder(order, {
        ...success,
        status: 'pending',
        updatedAt: '2020-12-09T06:59:00.000Z',
      });
      const first = await notify();
      standIn.setOrder(order, success);
      const second = await notify();

      expect([first.status, second.status]).to.deep.equal([200, 200]);
      expect((await allEvents()).map((event) => event.type)).to.deep.equal([
        'PaymentPending',
        'PaymentCaptured',
      ]);
      const payment = await eventually(async () => {
        const found = await app.service.readModels.getPayment('ippopay', 'trans_t2Jca2dVIF');
        return found?.status === 'captured' ? found : undefined;
      });
      expect(payment.eventCount).to.equal(2);
    });
  });

  context('when the Ippopay API reports a status payledger does not model', function () {
    it('answers 200 ignored and keeps what the API said, not what was posted', async function () {
      const success = loadFixture('ippopay', 'transaction.success').json as Record<
        string,
        JsonValue
      >;
      standIn.setOrder(order, { ...success, status: 'refund_initiated' });
      const response = await notify(
        JSON.stringify({ order_id: order.order_id, junk: 'x'.repeat(5000) }),
      );

      expect(response.status).to.equal(200);
      expect(await response.json()).to.deep.include({ status: 'ignored' });
      const [event, ...others] = await allEvents();
      expect(others).to.deep.equal([]);
      expect(event?.type).to.equal('WebhookIgnored');
      expect(event?.data).to.deep.include({ paymentId: 'trans_t2Jca2dVIF' });
      expect((event?.data as { rawBody: string }).rawBody).to.not.include('junk');
    });
  });

  context(
    'when a notification is larger than any Ippopay sends (it is unauthenticated)',
    function () {
      const padded = (bytes: number) => {
        const head = '{"order_id":"order_G@nzg3qBq","padding":"';
        return `${head}${'x'.repeat(bytes - head.length - 2)}"}`;
      };

      it('answers 413 payload_too_large past 16 KiB, declared or chunked, without asking the API', async function () {
        standIn.setOrder(order, loadFixture('ippopay', 'transaction.success').json);
        const declared = await notify(padded(16 * 1024 + 1));
        const chunked = await apiFetch(`${app.url}/webhooks/ippopay`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: new Blob([padded(64 * 1024)]).stream(),
          duplex: 'half',
        });

        for (const response of [declared, chunked]) {
          expect(response.status).to.equal(413);
          expect(await response.json()).to.deep.equal({
            error: 'payload_too_large',
            message: 'The body is larger than 16384 bytes.',
          });
        }
        expect(standIn.requests).to.deep.equal([]);
        expect(await allEvents()).to.deep.equal([]);
      });

      it('still confirms a notification of 16 KiB', async function () {
        standIn.setOrder(order, loadFixture('ippopay', 'transaction.success').json);
        const response = await notify(padded(16 * 1024));

        expect(response.status).to.equal(200);
      });
    },
  );

  context('when Ippopay keys are not configured', function () {
    it('answers 404 gateway_not_configured', async function () {
      const unconfigured = await startApp();
      try {
        const response = await unconfigured.post('/webhooks/ippopay', notification);
        expect(response.status).to.equal(404);
        expect(await response.json()).to.deep.include({ error: 'gateway_not_configured' });
      } finally {
        await unconfigured.stop();
      }
    });
  });
});
