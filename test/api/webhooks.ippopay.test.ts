import { expect } from 'chai';
import type { JsonValue } from '../../src/domain/paymentEvent.js';
import type { RecordedEvent } from '../../src/eventStore/eventStore.js';
import { loadFixture } from '../support/gatewayFixtures.js';
import {
  IPPOPAY_PUBLIC_KEY,
  IPPOPAY_SECRET_KEY,
  startIppopayStandIn,
  type IppopayStandIn,
} from '../support/ippopayStandIn.js';
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

  const allEvents = (): Promise<RecordedEvent[]> =>
    app.service.eventStore.readAll({ maxCount: 10_000 });
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
        rawBody: notification.toString(),
      });
      const payload = (
        event?.data as {
          payload: {
            notification: JsonValue;
            confirmation: { transaction: { data: { transaction: { status: string } } } };
          };
        }
      ).payload;
      expect(payload.notification).to.deep.equal(JSON.parse(notification.toString()));
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

  context('when the API does not know the notified order', function () {
    it('answers 202 quarantined and creates no payment stream', async function () {
      const response = await notify();

      expect(response.status).to.equal(202);
      const events = await allEvents();
      expect(events.map((e) => e.streamName.split(':')[0])).to.deep.equal(['quarantine-ippopay']);
    });
  });

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
