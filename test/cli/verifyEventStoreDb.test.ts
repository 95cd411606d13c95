import { expect } from 'chai';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { aGenericPayment } from '../support/builders.js';
import { brokenPlaces, runPayledger } from '../support/captureCli.js';
import { startEventStoreDbStandIn } from '../support/eventStoreDbStandIn/startEventStoreDbStandIn.js';
import { eventually } from '../support/eventually.js';
import { signStandardWebhook } from '../support/signStandardWebhook.js';
import { AUDITOR_TOKEN, startApp, type TestApp } from '../support/startApp.js';
import { tempDataDir } from '../support/tempDataDir.js';

describe('payledger verify with EVENTSTORE_URL set (EventStoreDB stand-in)', function () {
  this.timeout(30_000);
  let standIn: Awaited<ReturnType<typeof startEventStoreDbStandIn>>;
  let app: TestApp;
  let saved: string;

  before(async function () {
    standIn = await startEventStoreDbStandIn();
    app = await startApp({
      EVENTSTORE_URL: standIn.connectionString,
      AUDIT_DIGEST_INTERVAL_SECONDS: '3600',
    });
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
    saved = join(app.dataDir, 'digest.json');
    await writeFile(saved, await (await app.get('/audit/digest', AUDITOR_TOKEN)).text());
    const later = JSON.stringify(aGenericPayment({ paymentId: 'pay_esdb_3' }));
    await app.post('/webhooks/generic', later, { ...signStandardWebhook(later) });
  });
  after(async function () {
    await app.stop();
    await standIn.stop();
  });

  it('finds every chain whole and the log holding what a saved digest covered plus a later append', async function () {
    const env = { EVENTSTORE_URL: standIn.connectionString };
    const whole = await runPayledger(['verify', '--digest', saved], env);
    const one = await runPayledger(
      ['verify', '--payment', 'generic:pay_esdb_1', '--digest', saved],
      env,
    );

    expect(whole.code, whole.out).to.equal(0);
    expect(whole.out).to.match(/^intact \(5 events in 3 payment streams/m);
    expect(one.code, one.out).to.equal(0);
    expect(brokenPlaces(one.out)).to.deep.equal([]);
  });

  context('when the connection string is given as EVENTSTORE_URL_FILE', function () {
    it('verifies and exports that store, as the service reads it, not a file in DATA_DIR', async function () {
      const { dir, remove } = await tempDataDir();
      try {
        const urlFile = join(dir, 'eventstore-url');
        await writeFile(urlFile, `${standIn.connectionString}\n`);
        const env = { EVENTSTORE_URL_FILE: urlFile, DATA_DIR: join(dir, 'data') };
        const out = join(dir, 'export.ndjson');

        const verified = await runPayledger(['verify'], env);
        const exported = await runPayledger(['export', '--format', 'ndjson', '--out', out], env);

        expect(verified.code, verified.err).to.equal(0);
        expect(verified.out).to.match(/^intact \(5 events in 3 payment streams/m);
        expect(exported.code, exported.err).to.equal(0);
        expect(await readFile(out, 'utf8')).to.include('payment-generic:pay_esdb_3');
      } finally {
        await remove();
      }
    });
  });
});
