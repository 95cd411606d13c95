import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { createLogger } from '../../src/observability/logger.js';
import { aGenericPayment } from '../support/builders.js';
import { signStandardWebhook } from '../support/signStandardWebhook.js';
import { ANALYST_TOKEN, AUDITOR_TOKEN, startApp, type TestApp } from '../support/startApp.js';

const fingerprint = (token: string) =>
  createHash('sha256').update(token).digest('hex').slice(0, 16);

describe('The read API', function () {
  let app: TestApp;
  let lines: Record<string, unknown>[];

  beforeEach(async function () {
    lines = [];
    app = await startApp(
      {},
      {
        logger: createLogger('info', (line) => {
          lines.push(JSON.parse(line) as Record<string, unknown>);
        }),
      },
    );
  });

  afterEach(async function () {
    await app.stop();
  });

  context('when keys read histories, payments, orders and reports', function () {
    it('logs each read with role and token fingerprint, never the token, and counts it', async function () {
      const body = JSON.stringify(aGenericPayment({ paymentId: 'pay_logged' }));
      await app.post('/webhooks/generic', body, { ...signStandardWebhook(body) });

      const reads: [string, string, number][] = [
        ['/payments/generic/pay_logged/history', AUDITOR_TOKEN, 200],
        ['/payments/generic/pay_unknown', ANALYST_TOKEN, 404],
        ['/orders/ord_unknown', ANALYST_TOKEN, 404],
        ['/reports/daily?from=2024-06-01', ANALYST_TOKEN, 200],
      ];
      for (const [path, token, status] of reads)
        expect((await app.get(path, token)).status, path).to.equal(status);

      const access = lines.filter((line) => line['message'] === 'api access');
      expect(access.map((line) => [line['path'], line['role'], line['token']])).to.deep.equal([
        ['/payments/generic/pay_logged/history', 'auditor', fingerprint(AUDITOR_TOKEN)],
        ['/payments/generic/pay_unknown', 'analyst', fingerprint(ANALYST_TOKEN)],
        ['/orders/ord_unknown', 'analyst', fingerprint(ANALYST_TOKEN)],
        ['/reports/daily', 'analyst', fingerprint(ANALYST_TOKEN)],
      ]);
      expect(access[0]).to.deep.include({ status: 200, method: 'GET', address: '127.0.0.1' });
      expect(access[3]).to.deep.include({ query: 'from=2024-06-01' });
      const everything = JSON.stringify(lines);
      expect(everything).to.not.include(AUDITOR_TOKEN);
      expect(everything).to.not.include(ANALYST_TOKEN);

      const metrics = await (await app.get('/metrics')).text();
      expect(metrics).to.include(
        'payledger_api_requests_total{role="auditor",route="/payments/:gateway/:paymentId/history",status="200"} 1',
      );
    });

    it('puts nothing derived from a token in /metrics, which anyone may read', async function () {
      await app.get('/payments', ANALYST_TOKEN);
      await app.get('/payments', 'guess-0123456789abcdef');

      const metrics = await (await app.get('/metrics')).text();
      const labels = metrics.match(/^payledger_api_requests_total\{[^}]*\}/gm) ?? [];
      expect(labels).to.deep.equal([
        'payledger_api_requests_total{role="analyst",route="/payments",status="200"}',
        'payledger_api_requests_total{role="none",route="refused",status="401"}',
      ]);
      for (const token of [ANALYST_TOKEN, 'guess-0123456789abcdef'])
        expect(metrics).to.not.include(fingerprint(token).slice(0, 8));
    });
  });

  context('when one address keeps presenting unknown tokens', function () {
    it('answers 429 with Retry-After to unknown tokens after ten, and logs the refusals', async function () {
      const statuses: number[] = [];
      for (let n = 0; n < 12; n += 1)
        statuses.push((await app.get('/payments', `guess-${n}-0123456789abcdef`)).status);
      const blocked = await app.get('/payments', 'guess-12-0123456789abcdef');

      expect(statuses).to.deep.equal([...Array<number>(10).fill(401), 429, 429]);
      expect(blocked.status).to.equal(429);
      expect(Number(blocked.headers.get('retry-after'))).to.be.within(1, 60);
      expect(await blocked.json()).to.deep.include({ error: 'too_many_attempts' });
      expect(lines.filter((line) => line['message'] === 'api access refused')).to.have.length(13);
    });

    it('still answers a valid token from that address, between and after the refusals', async function () {
      const statuses: number[] = [];
      for (let n = 0; n < 12; n += 1) {
        statuses.push((await app.get('/payments', `guess-${n}-0123456789abcdef`)).status);
        statuses.push((await app.get('/payments', ANALYST_TOKEN)).status);
      }

      expect(statuses.filter((_, i) => i % 2 === 1)).to.deep.equal(Array<number>(12).fill(200));
      expect(statuses.filter((_, i) => i % 2 === 0)).to.deep.equal([
        ...Array<number>(10).fill(401),
        429,
        429,
      ]);
    });

    it('does not count requests without any token', async function () {
      for (let n = 0; n < 15; n += 1) expect((await app.get('/payments')).status).to.equal(401);
      expect((await app.get('/payments', ANALYST_TOKEN)).status).to.equal(200);
    });
  });
});
