import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { aGenericPayment } from '../support/builders.js';
import { eventually } from '../support/eventually.js';
import { signStandardWebhook } from '../support/signStandardWebhook.js';
import { ANALYST_TOKEN, startApp, type TestApp } from '../support/startApp.js';

const readModelBackends: [string, () => Record<string, string>][] = [
  ['embedded SQLite', () => ({})],
  [
    'MongoDB protocol (FerretDB, or MONGODB_URL)',
    () => ({
      MONGODB_URL:
        process.env['PAYLEDGER_TEST_MONGODB_URL'] ??
        expect.fail('the test setup started no MongoDB-protocol server'),
      MONGODB_DB: `e2e_${randomUUID().replaceAll('-', '')}`,
    }),
  ],
];

for (const [backend, env] of readModelBackends)
  describe(`Webhooks through to the read models (the real service, ${backend})`, function () {
    let app: TestApp;
    this.timeout(20_000);

    beforeEach(async function () {
      app = await startApp(env());
    });

    afterEach(async function () {
      await app.stop();
    });

    const deliver = async (payload: ReturnType<typeof aGenericPayment>) => {
      const body = JSON.stringify(payload);
      const response = await app.post('/webhooks/generic', body, { ...signStandardWebhook(body) });
      expect(response.status).to.equal(200);
    };

    it('shows the captured payment and its order once projected, and a late older event does not move it back', async function () {
      await deliver(
        aGenericPayment({
          paymentId: 'pay_e2e',
          status: 'completed',
          amount: 25.5,
          orderId: 'ord_e2e',
          timestamp: '2024-06-26T11:08:07Z',
        }),
      );
      await deliver(
        aGenericPayment({
          paymentId: 'pay_e2e',
          status: 'authorized',
          amount: 25.5,
          orderId: 'ord_e2e',
          timestamp: '2024-06-26T11:08:01Z',
        }),
      );

      const payment = await eventually(async () => {
        const response = await app.get('/payments/generic/pay_e2e', ANALYST_TOKEN);
        if (response.status !== 200) return undefined;
        const body = (await response.json()) as {
          eventCount: number;
          status: string;
          amount: number;
          currency: string;
          orderId: string;
        };
        return body.eventCount === 2 ? body : undefined;
      });
      expect(payment).to.deep.include({
        status: 'captured',
        amount: 2550,
        currency: 'USD',
        orderId: 'ord_e2e',
      });

      const order = (await (await app.get('/orders/ord_e2e', ANALYST_TOKEN)).json()) as Record<
        string,
        unknown
      >;
      expect(JSON.stringify(order)).to.include('pay_e2e');
    });

    it('reports the projection in /readyz and /metrics', async function () {
      await deliver(aGenericPayment());
      const ready = await eventually(async () => {
        const body = (await (await app.get('/readyz')).json()) as {
          checks: { projections?: { caughtUp: boolean; position: string | null } };
        };
        return body.checks.projections?.position === '1' ? body : undefined;
      });
      expect(ready.checks.projections).to.deep.include({ caughtUp: true });
      const metrics = await (await app.get('/metrics')).text();
      expect(metrics).to.include('payledger_projection_position 1\n');
    });
  });
