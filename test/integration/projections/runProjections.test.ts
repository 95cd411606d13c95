import { expect } from 'chai';
import { join } from 'node:path';
import { projectionReadinessCheck } from '../../../projections/projectionReadiness.js';
import { startProjections } from '../../../projections/runProjections.js';
import type { EventStore } from '../../../src/eventStore/eventStore.js';
import { createSqliteEventStore } from '../../../src/eventStore/sqlite/sqliteEventStore.js';
import { createMongoReadModelStore } from '../../../src/readModels/mongodb/mongoReadModelStore.js';
import type { ReadModelStore, ReadModelWriter } from '../../../src/readModels/readModelStore.js';
import { createSqliteReadModelStore } from '../../../src/readModels/sqlite/sqliteReadModelStore.js';
import {
  appendPaymentEvents,
  foldWholeLog,
  readEverything,
} from '../../support/appendPaymentEvents.js';
import { eventually } from '../../support/eventually.js';
import type { PaymentEventSpec } from '../../support/paymentEvents.js';
import { tempDataDir } from '../../support/tempDataDir.js';
import { freshDatabase, testMongoDbUrl } from '../../support/testMongoDb.js';

const at = (second: number) => new Date(Date.UTC(2024, 5, 26, 11, 0, second)).toISOString();

/** A few hundred events over 40 payments, out of order, with one payment that cannot be applied. */
function aBusyLog(count = 300): PaymentEventSpec[] {
  const statuses = ['pending', 'authorized', 'captured', 'partially_refunded', 'failed'] as const;
  return Array.from({ length: count }, (_, i) => ({
    paymentId: `pi_${i % 40}`,
    orderId: `ord_${i % 13}`,
    status: statuses[(i * 7) % statuses.length]!,
    occurredAt: at((i * 31) % 59),
    ...(statuses[(i * 7) % statuses.length] === 'partially_refunded'
      ? { refundId: `re_${i % 3}`, amount: 100 }
      : {}),
    ...(i === 50 ? { amount: 12.5 } : {}),
  }));
}

describe('startProjections', function () {
  let dir: string;
  let remove: () => Promise<void>;
  let eventStore: EventStore & { database: unknown };
  let readModels: ReadModelStore;

  beforeEach(async function () {
    ({ dir, remove } = await tempDataDir());
    eventStore = createSqliteEventStore({
      file: join(dir, 'payledger.sqlite'),
      pollIntervalMs: 20,
    });
    readModels = createSqliteReadModelStore({ file: join(dir, 'payledger.sqlite') });
  });
  afterEach(async function () {
    await readModels.close();
    await eventStore.close();
    await remove();
  });

  it('catches up with the log, then follows it live', async function () {
    await appendPaymentEvents(eventStore, [
      { paymentId: 'pi_a', status: 'authorized', occurredAt: at(1) },
    ]);
    const runner = startProjections({ eventStore, readModels, maxBatchDelayMs: 5 });
    try {
      await runner.whenCaughtUp();
      expect((await readModels.getPayment('stripe', 'pi_a'))?.status).to.equal('authorized');
      expect(runner.status()).to.include({ caughtUp: true, state: 'live', eventsApplied: 1 });

      await appendPaymentEvents(eventStore, [
        { paymentId: 'pi_a', status: 'captured', occurredAt: at(2) },
      ]);
      const captured = await eventually(async () => {
        const payment = await readModels.getPayment('stripe', 'pi_a');
        return payment?.status === 'captured' ? payment : undefined;
      });
      expect(captured.eventCount).to.equal(2);
    } finally {
      await runner.stop();
    }
    expect(runner.status().state).to.equal('stopped');
  });

  it('parks a payment whose event cannot be applied, with its later events, while others proceed', async function () {
    await appendPaymentEvents(eventStore, [
      { paymentId: 'pi_ok', status: 'authorized', occurredAt: at(1) },
      { paymentId: 'pi_bad', status: 'authorized', occurredAt: at(1) },
      { paymentId: 'pi_bad', status: 'captured', amount: 12.5, occurredAt: at(2) },
      { paymentId: 'pi_bad', status: 'refunded', occurredAt: at(3) },
      { paymentId: 'pi_ok', status: 'captured', occurredAt: at(2) },
    ]);
    const runner = startProjections({ eventStore, readModels });
    try {
      await runner.whenCaughtUp();
    } finally {
      await runner.stop();
    }
    expect((await readModels.getPayment('stripe', 'pi_ok'))?.status).to.equal('captured');
    expect((await readModels.getPayment('stripe', 'pi_bad'))?.status).to.equal('authorized');
    const [parked, ...others] = await readModels.listParked();
    expect(others).to.deep.equal([]);
    expect(parked).to.include({ key: 'stripe:pi_bad', streamName: 'payment-stripe:pi_bad' });
    expect(parked?.eventIds).to.have.length(2);
    expect(parked?.reason).to.match(/data\.amount/);
    expect(runner.status().parkedPayments).to.equal(1);
  });

  it('is ready while it follows the log and not ready while its store fails', async function () {
    await appendPaymentEvents(eventStore, [{ paymentId: 'pi_r', occurredAt: at(1) }]);
    const runner = startProjections({ eventStore, readModels, versionCheckIntervalMs: 20 });
    const readiness = projectionReadinessCheck(runner);
    try {
      await runner.whenCaughtUp();
      expect(await readiness.check()).to.deep.include({
        state: 'live',
        caughtUp: true,
        position: '1',
        lagEvents: 0,
        parkedPayments: 0,
      });
      await readModels.close();
      await appendPaymentEvents(eventStore, [{ paymentId: 'pi_r', occurredAt: at(2) }]);
      const reason = await eventually(() =>
        readiness.check().then(
          () => undefined,
          (error: unknown) => String(error),
        ),
      );
      expect(reason).to.match(/projection failing/);
      expect(runner.status()).to.include({ state: 'retrying', lagEvents: 1 });
    } finally {
      await runner.stop();
    }
  });

  it('neither loses nor repeats anything when stopped and restarted at any batch', async function () {
    await appendPaymentEvents(eventStore, aBusyLog());
    for (const stopAfterBatches of [1, 3, 7]) {
      let batches = 0;
      let stop: () => void = () => undefined;
      const stopped = new Promise<void>((resolve) => (stop = resolve));
      const runner = startProjections({
        eventStore,
        readModels,
        maxBatchSize: 10,
        onBatch: () => {
          batches += 1;
          if (batches === stopAfterBatches) stop();
        },
      });
      await stopped;
      await runner.stop();
    }
    const runner = startProjections({ eventStore, readModels, maxBatchSize: 10 });
    await runner.whenCaughtUp();
    await runner.stop();
    expect(await readEverything(readModels)).to.deep.equal(await foldWholeLog(eventStore));
  });
});

describe('startProjections with MongoDB read models', function () {
  it('replays a batch whose checkpoint was never saved without applying anything twice', async function () {
    const { dir, remove } = await tempDataDir();
    const eventStore = createSqliteEventStore({ file: join(dir, 'payledger.sqlite') });
    const database = freshDatabase();
    const readModels = createMongoReadModelStore({
      url: testMongoDbUrl(),
      databaseName: database.name,
    });
    try {
      await appendPaymentEvents(eventStore, aBusyLog(120));
      const real = readModels.writer(await readModels.activeVersion());
      // Crashes after the documents were written, before the checkpoint: the "kill -9" window.
      const crashing: ReadModelWriter = {
        ...real,
        applyBatch: async (changes) => {
          await real.applyBatch(changes, { name: 'other', position: { commit: 1n, prepare: 1n } });
          throw new Error('killed before the checkpoint');
        },
      };
      const first = startProjections({
        eventStore,
        readModels,
        target: crashing,
        maxBatchSize: 500,
      });
      try {
        await eventually(async () =>
          (await real.loadParked(['stripe:pi_10'])).size > 0 ? true : undefined,
        );
      } finally {
        await first.stop();
      }
      expect(await real.readCheckpoint('payledger')).to.equal(undefined);

      const second = startProjections({ eventStore, readModels, maxBatchSize: 50 });
      await second.whenCaughtUp();
      await second.stop();
      expect(await readEverything(readModels)).to.deep.equal(await foldWholeLog(eventStore));
    } finally {
      await readModels.close();
      await eventStore.close();
      await database.drop();
      await remove();
    }
  });
});
