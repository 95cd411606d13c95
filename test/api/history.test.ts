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

const TWO_DAYS_AHEAD = new Date(Date.now() + 2 * 86_400_000).toISOString();

interface Delivery {
  readonly id: string;
  readonly kind: string;
  readonly paymentId: string | null;
  readonly eventType: string | null;
  readonly reason: string;
}

describe('GET /payments/:gateway/:paymentId/history', function () {
  let app: TestApp;
  const kept: { paymentId: string; status: string; id: string }[] = [];

  before(async function () {
    app = await startApp();
    for (const status of ['authorized', 'completed']) {
      const body = JSON.stringify(aGenericPayment({ paymentId: 'pay_hist', status }));
      await app.post('/webhooks/generic', body, { ...signStandardWebhook(body) });
    }
    // Deliveries that name the payment but do not become its events: one from two days ahead
    // (quarantined), one of an event type payledger does not model (ignored).
    for (const [paymentId, delivery] of [
      ['pay_hist', aGenericPayment({ paymentId: 'pay_hist', timestamp: TWO_DAYS_AHEAD })],
      ['pay_hist', aGenericPayment({ paymentId: 'pay_hist', event: 'invoice.paid' })],
      ['pay_kept_only', aGenericPayment({ paymentId: 'pay_kept_only', timestamp: TWO_DAYS_AHEAD })],
    ] as const) {
      const body = JSON.stringify(delivery);
      const answer = await app.post('/webhooks/generic', body, { ...signStandardWebhook(body) });
      kept.push({ paymentId, ...((await answer.json()) as { status: string; id: string }) });
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

  it('shows the quarantined and ignored deliveries that name the payment, oldest first', async function () {
    const response = await app.get('/payments/generic/pay_hist/history', AUDITOR_TOKEN);

    const { deliveries } = (await response.json()) as { deliveries: Delivery[] };
    expect(
      deliveries.map(({ id, kind, paymentId, eventType }) => ({ id, kind, paymentId, eventType })),
    ).to.deep.equal([
      {
        id: kept[0]?.id,
        kind: 'quarantined',
        paymentId: 'pay_hist',
        eventType: 'payment.updated',
      },
      { id: kept[1]?.id, kind: 'ignored', paymentId: 'pay_hist', eventType: 'invoice.paid' },
    ]);
    expect(kept.slice(0, 2).map((answer) => answer.status)).to.deep.equal([
      'quarantined',
      'ignored',
    ]);
    expect(deliveries[0]?.reason).to.match(/in the future/);
  });

  it('answers 200 with no events for a payment only kept deliveries name', async function () {
    const response = await app.get('/payments/generic/pay_kept_only/history', AUDITOR_TOKEN);

    expect(response.status).to.equal(200);
    const history = (await response.json()) as { events: unknown[]; deliveries: Delivery[] };
    expect(history.events).to.deep.equal([]);
    expect(history.deliveries.map((delivery) => delivery.id)).to.deep.equal([kept[2]?.id]);
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

  it('answers 404 payment_not_found for a payment that neither events nor deliveries name', async function () {
    const response = await app.get('/payments/generic/pay_none/history', AUDITOR_TOKEN);

    expect(response.status).to.equal(404);
    expect(await response.json()).to.deep.include({ error: 'payment_not_found' });
  });
});
