import { expect } from 'chai';
import { aGenericPayment } from '../support/builders.js';
import type { EventStoreDbStandIn } from '../support/eventStoreDbStandIn/startEventStoreDbStandIn.js';
import { signStandardWebhook } from '../support/signStandardWebhook.js';
import { AUDITOR_TOKEN, type TestApp } from '../support/startApp.js';
import { startAppOnStandIn, type AppOnStandIn } from '../support/startAppOnStandIn.js';

describe('The service with EVENTSTORE_URL set (EventStoreDB stand-in)', function () {
  let running: AppOnStandIn;
  let standIn: EventStoreDbStandIn;
  let app: TestApp;

  beforeEach(async function () {
    running = await startAppOnStandIn();
    ({ standIn, app } = running);
  });

  afterEach(async function () {
    await running.stop();
  });

  it('appends accepted webhooks through the EventStoreDB client and recognizes redeliveries', async function () {
    const body = JSON.stringify(aGenericPayment({ paymentId: 'pay_esdb' }));
    const headers = signStandardWebhook(body);
    const first = await app.post('/webhooks/generic', body, { ...headers });
    const again = await app.post('/webhooks/generic', body, { ...headers });

    expect(first.status).to.equal(200);
    expect(await first.json()).to.deep.include({
      status: 'accepted',
      stream: 'payment-generic:pay_esdb',
      revision: '0',
    });
    expect(await again.json()).to.deep.include({ status: 'duplicate' });
    const history = (await (
      await app.get('/payments/generic/pay_esdb/history', AUDITOR_TOKEN)
    ).json()) as { events: { data: { rawBody: string } }[] };
    expect(history.events.map((e) => e.data.rawBody)).to.deep.equal([body]);
  });

  it('answers 503 store_unavailable with Retry-After when the server is down', async function () {
    this.timeout(20_000);
    await standIn.stop();
    const body = JSON.stringify(aGenericPayment());
    const response = await app.post('/webhooks/generic', body, { ...signStandardWebhook(body) });

    expect(response.status).to.equal(503);
    expect(response.headers.get('retry-after')).to.equal('5');
    expect(await response.json()).to.deep.include({ error: 'store_unavailable' });
  });
});
