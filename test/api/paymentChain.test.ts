import Database from 'better-sqlite3';
import { expect } from 'chai';
import { join } from 'node:path';
import { aGenericPayment } from '../support/builders.js';
import { signStandardWebhook } from '../support/signStandardWebhook.js';
import { ANALYST_TOKEN, AUDITOR_TOKEN, startApp, type TestApp } from '../support/startApp.js';
import { tempDataDir } from '../support/tempDataDir.js';

interface ChainAnswer {
  readonly intact: boolean;
  readonly events: number;
  readonly head: { readonly revision: string; readonly hash: string } | null;
  readonly problems: readonly { revision: string; kind: string; detail: string }[];
}

describe('GET /payments/:gateway/:paymentId/chain', function () {
  let dataDir: { readonly dir: string; remove(): Promise<void> };
  let app: TestApp | undefined;

  before(async function () {
    dataDir = await tempDataDir();
    app = await startApp({}, { dataDir: dataDir.dir });
    for (const status of ['authorized', 'completed', 'refunded']) {
      const body = JSON.stringify(aGenericPayment({ paymentId: 'pay_chained', status }));
      const response = await app.post('/webhooks/generic', body, { ...signStandardWebhook(body) });
      expect(response.status).to.equal(200);
    }
  });

  after(async function () {
    await app?.stop();
    await dataDir.remove();
  });

  const chain = (token = AUDITOR_TOKEN) =>
    (app ?? expect.fail('no service')).get('/payments/generic/pay_chained/chain', token);

  context('when the stream is as the service wrote it', function () {
    it('answers intact, with the head that a digest covers', async function () {
      const response = await chain();
      expect(response.status).to.equal(200);
      const answer = (await response.json()) as ChainAnswer;
      expect(answer).to.deep.include({ intact: true, events: 3, problems: [] });
      expect(answer.head?.revision).to.equal('2');
      expect(answer.head?.hash).to.match(/^[0-9a-f]{64}$/);
    });
  });

  context('when an analyst asks', function () {
    it('answers 403 forbidden, as for the history', async function () {
      expect((await chain(ANALYST_TOKEN)).status).to.equal(403);
    });
  });

  context('when an event was edited in the SQLite file', function () {
    it('names the altered revision', async function () {
      await app?.service.close();
      app = undefined;
      const database = new Database(join(dataDir.dir, 'payledger.sqlite'));
      database
        .prepare(
          "UPDATE events SET data = json_set(data, '$.amount', 1) WHERE stream_name = ? AND revision = 1",
        )
        .run('payment-generic:pay_chained');
      database.close();
      app = await startApp({}, { dataDir: dataDir.dir });

      const answer = (await (await chain()).json()) as ChainAnswer;
      expect(answer.intact).to.equal(false);
      expect(answer.problems.map(({ revision, kind }) => ({ revision, kind }))).to.deep.include({
        revision: '1',
        kind: 'altered',
      });
    });
  });
});
