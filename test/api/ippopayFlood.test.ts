import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { JsonValue } from '../../src/domain/paymentEvent.js';
import { eventually } from '../support/eventually.js';
import { loadFixture } from '../support/gatewayFixtures.js';
import {
  IPPOPAY_PUBLIC_KEY,
  IPPOPAY_SECRET_KEY,
  startIppopayStandIn,
  type IppopayStandIn,
} from '../support/ippopayStandIn.js';
import { startApp, type TestApp } from '../support/startApp.js';

const FORGED = 1000;
/** As large as a notification may be (a larger one gets 413 before it is read). */
const BODY_BYTES = 16 * 1024;
const CALLS_PER_SECOND = 10;

async function bytesOnDisk(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  return total;
}

/** 16 KiB of JSON (or not) that anyone could post to the webhook URL. */
function forgedBody(n: number, realOrderId: string): string | Buffer {
  const pad = (prefix: string, suffix: string) =>
    `${prefix}${'x'.repeat(BODY_BYTES - prefix.length - suffix.length)}${suffix}`;
  switch (n % 4) {
    case 0:
      return randomBytes(BODY_BYTES);
    case 1:
      return pad('{"transaction_no":"trans_forged","padding":"', '"}');
    case 2:
      return pad(`{"order_id":"order_forged_${n}","padding":"`, '"}');
    default:
      return pad(`{"order_id":"${realOrderId}","status":"success","padding":"`, '"}');
  }
}

describe('A flood of forged Ippopay notifications', function () {
  this.timeout(60_000);
  let standIn: IppopayStandIn;
  let app: TestApp;

  beforeEach(async function () {
    standIn = await startIppopayStandIn();
    app = await startApp({
      IPPOPAY_PUBLIC_KEY,
      IPPOPAY_SECRET_KEY,
      IPPOPAY_API_URL: standIn.url,
      IPPOPAY_API_CALLS_PER_SECOND: String(CALLS_PER_SECOND),
    });
  });

  afterEach(async function () {
    await app.stop();
    await standIn.close();
  });

  it(`of ${FORGED} × 16 KiB stores nothing, keeps the data directory within 1 MB and costs at most the bounded API calls`, async function () {
    const order = loadFixture('ippopay', 'order').json as { order_id: string } & Record<
      string,
      JsonValue
    >;
    standIn.setOrder(order, loadFixture('ippopay', 'transaction.success').json);
    const genuine = await app.post(
      '/webhooks/ippopay',
      loadFixture('ippopay', 'notification').rawBody,
    );
    expect(genuine.status).to.equal(200);
    await eventually(() => app.service.readModels.getPayment('ippopay', 'trans_t2Jca2dVIF'));
    const eventsBefore = await app.service.eventStore.readAll({ maxCount: 1000 });
    const bytesBefore = await bytesOnDisk(app.dataDir);
    const callsBefore = standIn.requests.length;

    const started = performance.now();
    const statuses = new Map<number, number>();
    let next = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (next < FORGED) {
          const n = next++;
          const response = await app.post('/webhooks/ippopay', forgedBody(n, order.order_id));
          await response.arrayBuffer();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        }
      }),
    );
    const elapsedSeconds = (performance.now() - started) / 1000;

    const bytesWritten = (await bytesOnDisk(app.dataDir)) - bytesBefore;
    const apiCalls = standIn.requests.length - callsBefore;
    const bound = Math.ceil(CALLS_PER_SECOND * (1 + elapsedSeconds));
    process.stdout.write(
      `      ${FORGED} forged × ${BODY_BYTES} B in ${elapsedSeconds.toFixed(1)} s: ${bytesWritten} bytes written to the data directory, ${apiCalls} Ippopay API calls (bound ${bound}), answers ${JSON.stringify(Object.fromEntries(statuses))}\n`,
    );
    expect(await app.service.eventStore.readAll({ maxCount: 1000 })).to.have.length(
      eventsBefore.length,
    );
    expect(bytesWritten).to.be.at.most(1024 * 1024);
    expect(apiCalls).to.be.at.most(bound);
    expect([...statuses.keys()].every((status) => [200, 400, 503].includes(status))).to.equal(true);
    expect(statuses.get(400)).to.be.at.least(FORGED / 2);
  });
});
