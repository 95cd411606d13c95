import { expect } from 'chai';
import { aGenericPayment } from '../support/builders.js';
import { signStandardWebhook } from '../support/signStandardWebhook.js';
import {
  ADMIN_TOKEN,
  ANALYST_TOKEN,
  AUDITOR_TOKEN,
  startApp,
  type TestApp,
} from '../support/startApp.js';

describe('GET /payments/:gateway/:paymentId/history', function () {
  let app: TestApp;

  before(async function () {
    app = await startApp();
    for (const status of ['authorized', 'completed']) {
      const body = JSON.stringify(aGenericPayment({ paymentId: 'pay_hist', status }));
      await app.post('/webhooks/generic', body, { ...signStandardWebhook(body) });
    }
  });

  after(async function () {
    await app.stop();
  });

  it('gives an auditor every event of the stream in order, with data and metadata', async function () {
    const response = await app.get('/payments/generic/pay_hist/history', AUDITOR_TOKEN);

    expect(response.status).to.equal(200);
    const history = (await response.json()) as {
      events: { type: string; revision: string; metadata: Record<string, unknown> }[];
    };
    expect(history.events.map((e) => [e.type, e.revision])).to.deep.equal([
      ['PaymentAuthorized', '0'],
      ['PaymentCaptured', '1'],
    ]);
    expect(history.events[0]?.metadata).to.have.keys(
      'signatureScheme',
      'secretIndex',
      'rawBodySha256',
      'correlationId',
      'chain',
    );
    const [first, second] = history.events.map(
      (e) => e.metadata['chain'] as { prev: string; hash: string },
    );
    expect(second?.prev).to.equal(first?.hash);
  });

  it('gives an admin the same history', async function () {
    expect((await app.get('/payments/generic/pay_hist/history', ADMIN_TOKEN)).status).to.equal(200);
  });

  it('answers 401 unauthorized without a token', async function () {
    const response = await app.get('/payments/generic/pay_hist/history');

    expect(response.status).to.equal(401);
    expect(await response.json()).to.deep.equal({
      error: 'unauthorized',
      message: 'Send an API key as "Authorization: Bearer <token>".',
    });
  });

  it('answers 401 unauthorized for a token that is not configured', async function () {
    expect(
      (await app.get('/payments/generic/pay_hist/history', 'not-a-configured-token')).status,
    ).to.equal(401);
  });

  it('answers 403 forbidden to an analyst', async function () {
    const response = await app.get('/payments/generic/pay_hist/history', ANALYST_TOKEN);

    expect(response.status).to.equal(403);
    expect(await response.json()).to.deep.include({ error: 'forbidden' });
  });

  it('answers 404 payment_not_found for a payment without events', async function () {
    const response = await app.get('/payments/generic/pay_none/history', AUDITOR_TOKEN);

    expect(response.status).to.equal(404);
    expect(await response.json()).to.deep.include({ error: 'payment_not_found' });
  });
});
