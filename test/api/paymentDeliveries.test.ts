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

const DAY_MS = 86_400_000;

describe('GET /payments/:gateway/:paymentId/deliveries', function () {
  let app: TestApp;

  before(async function () {
    app = await startApp();
  });

  after(async function () {
    await app.stop();
  });

  const deliver = (payload: unknown) => {
    const body = JSON.stringify(payload);
    return app.post('/webhooks/generic', body, { ...signStandardWebhook(body) });
  };

  context('when deliveries naming the payment were quarantined and ignored', function () {
    it('lists them oldest first with reason, raw bytes and no resolution, for auditors and admins', async function () {
      const tooEarly = aGenericPayment({
        paymentId: 'pay_kept',
        timestamp: new Date(Date.now() + 2 * DAY_MS).toISOString(),
      });
      const notAPayment = aGenericPayment({ paymentId: 'pay_kept', event: 'customer.updated' });
      expect((await deliver(tooEarly)).status).to.equal(202);
      expect((await deliver(notAPayment)).status).to.equal(200);

      for (const token of [AUDITOR_TOKEN, ADMIN_TOKEN]) {
        const response = await app.get('/payments/generic/pay_kept/deliveries', token);
        expect(response.status).to.equal(200);
        const { items } = (await response.json()) as { items: Record<string, unknown>[] };
        expect(
          items.map((item) => [item['kind'], item['paymentId'], item['resolution']]),
        ).to.deep.equal([
          ['quarantined', 'pay_kept', null],
          ['ignored', 'pay_kept', null],
        ]);
        expect(items[0]?.['rawBody']).to.deep.equal({
          encoding: 'utf8',
          data: JSON.stringify(tooEarly),
        });
        expect(items[0]?.['reason']).to.be.a('string').and.not.equal('');
      }
    });
  });

  context('when nothing naming the payment was kept', function () {
    it('answers an empty list', async function () {
      const response = await app.get('/payments/generic/pay_clean/deliveries', AUDITOR_TOKEN);
      expect(response.status).to.equal(200);
      expect(await response.json()).to.deep.equal({ items: [] });
    });
  });

  context('when an analyst asks', function () {
    it('answers 403 forbidden, as for the history', async function () {
      const response = await app.get('/payments/generic/pay_kept/deliveries', ANALYST_TOKEN);
      expect(response.status).to.equal(403);
      expect(await response.json()).to.deep.equal({
        error: 'forbidden',
        message: 'The analyst role may not do this; it needs one of: auditor, admin.',
      });
    });
  });
});
