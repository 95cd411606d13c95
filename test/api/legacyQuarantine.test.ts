import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createSqliteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { sqliteFile } from '../../src/openStores.js';
import { aGenericPayment } from '../support/builders.js';
import { runPayledger } from '../support/captureCli.js';
import { eventually } from '../support/eventually.js';
import { GENERIC_SECRET } from '../support/signStandardWebhook.js';
import { ADMIN_TOKEN, startApp, type TestApp } from '../support/startApp.js';
import { tempDataDir } from '../support/tempDataDir.js';

interface Page {
  readonly items: { id: string; reason: string; rawBody: { data: string } }[];
  readonly nextCursor: string | null;
}

/** A body an older payledger quarantined (for the reason it gave then); today's code takes it. */
const body = JSON.stringify(aGenericPayment({ paymentId: 'pay_legacy' }));
const sha256 = createHash('sha256').update(body).digest('hex');

describe('GET /quarantine on a log kept by an older payledger', function () {
  this.timeout(20_000);
  let dir: string;
  let app: TestApp | undefined;

  beforeEach(async function () {
    ({ dir } = await tempDataDir());
    // The layout of then: a stream per delivery keyed by the body's hash, one event, no pointer
    // in any list stream.
    const older = createSqliteEventStore({ file: sqliteFile(dir) });
    await older.appendToStream(
      `quarantine-generic:${sha256}`,
      [
        {
          id: '6b7e3c1a-0000-4000-8000-000000000001',
          type: 'WebhookQuarantined',
          data: {
            gateway: 'generic',
            reason: 'data.amount: must be an integer',
            deliveryId: 'msg_legacy',
            receivedAt: '2026-11-30T10:00:00.000Z',
            rawBodyBase64: Buffer.from(body).toString('base64'),
          },
          metadata: {
            signatureScheme: 'standard-webhooks-v1',
            secretIndex: 0,
            rawBodySha256: sha256,
            correlationId: 'corr-legacy',
          },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    await older.close();
  });

  afterEach(async function () {
    await app?.stop();
    app = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  const page = async () => {
    const response = await app!.get('/quarantine?state=all', ADMIN_TOKEN);
    expect(response.status).to.equal(200);
    return (await response.json()) as Page;
  };

  it('lists the deliveries quarantined before list pointers existed, once, also after restarts', async function () {
    app = await startApp({}, { dataDir: dir });
    const first = await eventually(async () => {
      const { items } = await page();
      return items.length > 0 ? items : undefined;
    });
    await app.service.close();
    app = await startApp({}, { dataDir: dir });
    await app.service.legacyDeliveriesListed();
    const again = await page();

    expect(first.map((item) => item.id)).to.deep.equal([`quarantined:generic:${sha256}`]);
    expect(first[0]).to.deep.include({ reason: 'data.amount: must be an integer' });
    expect(Buffer.from(first[0]?.rawBody.data ?? '', 'base64').toString()).to.equal(body);
    expect(again.items.map((item) => item.id)).to.deep.equal([`quarantined:generic:${sha256}`]);
  });

  it('is re-run by replay-quarantine --all, also before the service has listed it', async function () {
    const result = await runPayledger(['replay-quarantine', '--all'], {
      DATA_DIR: dir,
      GENERIC_WEBHOOK_SECRET: GENERIC_SECRET,
    });

    expect(result.code, result.err).to.equal(0);
    expect(result.out).to.include(
      `quarantined:generic:${sha256}  accepted         payment-generic:pay_legacy`,
    );
    expect(result.out).to.match(/^1 delivery re-run: 1 accepted, /m);
  });
});
