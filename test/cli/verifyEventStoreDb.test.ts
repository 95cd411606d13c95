import { expect } from 'chai';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { aGenericPayment } from '../support/builders.js';
import { brokenPlaces, runPayledger } from '../support/captureCli.js';
import { startEventStoreDbStandIn } from '../support/eventStoreDbStandIn/startEventStoreDbStandIn.js';
import { eventually } from '../support/eventually.js';
import { signStandardWebhook } from '../support/signStandardWebhook.js';
import { AUDITOR_TOKEN, startApp } from '../support/startApp.js';

describe('payledger verify with EVENTSTORE_URL set (EventStoreDB stand-in)', function () {
  this.timeout(30_000);

  it('finds every chain whole and the log holding what a saved digest covered plus a later append', async function () {
    const standIn = await startEventStoreDbStandIn();
    const app = await startApp({
      EVENTSTORE_URL: standIn.connectionString,
      AUDIT_DIGEST_INTERVAL_SECONDS: '3600',
    });
    const env = { EVENTSTORE_URL: standIn.connectionString };
    try {
      for (const status of ['authorized', 'completed']) {
        for (const paymentId of ['pay_esdb_1', 'pay_esdb_2']) {
          const body = JSON.stringify(aGenericPayment({ paymentId, status }));
          await app.post('/webhooks/generic', body, { ...signStandardWebhook(body) });
        }
      }
      const digester = app.service.digester!;
      await digester.whenCaughtUp();
      await eventually(async () => {
        await digester.digestNow();
        return digester.latest()?.digest.body.events === 4 ? true : undefined;
      });
      const saved = join(app.dataDir, 'digest.json');
      await writeFile(saved, await (await app.get('/audit/digest', AUDITOR_TOKEN)).text());
      const later = JSON.stringify(aGenericPayment({ paymentId: 'pay_esdb_3' }));
      await app.post('/webhooks/generic', later, { ...signStandardWebhook(later) });

      const whole = await runPayledger(['verify', '--digest', saved], env);
      const one = await runPayledger(
        ['verify', '--payment', 'generic:pay_esdb_1', '--digest', saved],
        env,
      );

      expect(whole.code, whole.out).to.equal(0);
      expect(whole.out).to.match(/^intact \(5 events in 3 payment streams/m);
      expect(one.code, one.out).to.equal(0);
      expect(brokenPlaces(one.out)).to.deep.equal([]);
    } finally {
      await app.stop();
      await standIn.stop();
    }
  });
});
