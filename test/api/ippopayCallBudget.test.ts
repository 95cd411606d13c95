import { expect } from 'chai';
import { loadConfig } from '../../src/config/loadConfig.js';
import type { JsonValue } from '../../src/domain/paymentEvent.js';
import { loadFixture } from '../support/gatewayFixtures.js';
import { apiFetch } from '../support/openApi/apiFetch.js';
import {
  IPPOPAY_PUBLIC_KEY,
  IPPOPAY_SECRET_KEY,
  startIppopayStandIn,
  type IppopayStandIn,
} from '../support/ippopayStandIn.js';
import { ADMIN_TOKEN, startApp, type TestApp } from '../support/startApp.js';

const CALLS_PER_SECOND = 2;
const RELOADS = 10;

describe('The Ippopay API call budget', function () {
  this.timeout(20_000);
  let standIn: IppopayStandIn;
  let app: TestApp;
  let env: Record<string, string>;

  beforeEach(async function () {
    standIn = await startIppopayStandIn();
    env = {
      IPPOPAY_PUBLIC_KEY,
      IPPOPAY_SECRET_KEY,
      IPPOPAY_API_URL: standIn.url,
      IPPOPAY_API_CALLS_PER_SECOND: String(CALLS_PER_SECOND),
    };
    app = await startApp(env);
  });

  afterEach(async function () {
    await app.stop();
    await standIn.close();
  });

  /** What SIGHUP does: the configuration read again and swapped in. */
  const reload = () => {
    app.service.reloadSecrets(
      loadConfig({
        PORT: '0',
        DATA_DIR: app.dataDir,
        API_KEYS: `admin:${ADMIN_TOKEN}`,
        LOG_LEVEL: 'silent',
        ...env,
      }),
    );
  };
  const notify = (orderId: string) =>
    app.post('/webhooks/ippopay', JSON.stringify({ order_id: orderId, status: 'success' }));
  const bound = (started: number) =>
    Math.ceil(CALLS_PER_SECOND * (1 + (performance.now() - started) / 1000));

  context('when the secrets are reloaded (SIGHUP) again and again', function () {
    it('is not refilled: notifications past it answer 503 without asking the API', async function () {
      const started = performance.now();
      const statuses: number[] = [];
      for (let n = 0; n < RELOADS; n += 1) {
        reload();
        for (let order = 0; order < CALLS_PER_SECOND; order += 1)
          statuses.push((await notify(`order_unknown_${n}_${order}`)).status);
      }

      expect(standIn.requests.length).to.be.at.most(bound(started));
      expect(statuses).to.include(503);
      expect(statuses.every((status) => status === 400 || status === 503)).to.equal(true);
    });
  });

  context('when an admin re-runs kept Ippopay deliveries after a reload', function () {
    it('spends from the same budget as the notifications', async function () {
      const order = loadFixture('ippopay', 'order').json as { order_id: string } & Record<
        string,
        JsonValue
      >;
      const success = loadFixture('ippopay', 'transaction.success').json as Record<
        string,
        JsonValue
      >;
      standIn.setOrder(order, { ...success, status: 'on_hold' });
      const started = performance.now();
      const ignored = (await (
        await app.post('/webhooks/ippopay', loadFixture('ippopay', 'notification').rawBody)
      ).json()) as { status: string; id: string };
      expect(ignored.status).to.equal('ignored');

      const answers: number[] = [];
      for (let n = 0; n < RELOADS; n += 1) {
        reload();
        const response = await apiFetch(`${app.url}/quarantine/${ignored.id}/replay?dryRun=true`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        });
        answers.push(response.status);
        if (response.status === 503)
          expect(await response.json()).to.deep.include({ error: 'gateway_rate_limited' });
      }

      expect(standIn.requests.length).to.be.at.most(bound(started));
      expect(answers).to.include(503);
    });
  });
});
