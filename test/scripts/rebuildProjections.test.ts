import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BUILT_IN_PROJECTIONS } from '../../projections/builtInProjections.js';
import { rebuildProjections } from '../../projections/rebuild/rebuildProjections.js';
import { startProjections } from '../../projections/runner/runProjections.js';
import { createSqliteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { createMongoReadModelStore } from '../../src/readModels/mongodb/mongoReadModelStore.js';
import type { ReadModelStore } from '../../src/readModels/readModelStore.js';
import { createSqliteReadModelStore } from '../../src/readModels/sqlite/sqliteReadModelStore.js';
import {
  appendPaymentEvents,
  foldWholeLog,
  readEverything,
} from '../support/appendPaymentEvents.js';
import { eventually } from '../support/eventually.js';
import type { PaymentEventSpec } from '../support/paymentEvents.js';
import { tempDataDir } from '../support/tempDataDir.js';
import { freshDatabase, testMongoDbUrl } from '../support/testMongoDb.js';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '../../src/cli/payledger.ts');

const events = (count: number, offset = 0): PaymentEventSpec[] =>
  Array.from({ length: count }, (_, n) => {
    const i = n + offset;
    return {
      paymentId: `pi_${i % 31}`,
      orderId: `ord_${i % 7}`,
      status: (['captured', 'authorized', 'partially_refunded', 'disputed', 'failed'] as const)[
        i % 5
      ]!,
      occurredAt: new Date(Date.UTC(2024, 0, 1 + (i % 3), 0, 0, (i * 17) % 60)).toISOString(),
      ...(i % 5 === 2 ? { refundId: `re_${i % 4}`, amount: 25 } : {}),
      ...(i === 40 ? { currency: 'usd' } : {}),
    };
  });

const generations = async (readModels: ReadModelStore) =>
  Promise.all(
    BUILT_IN_PROJECTIONS.map(async ({ name }) => (await readModels.liveTarget(name)).generation),
  );

describe('payledger rebuild', function () {
  this.timeout(60_000);

  for (const adapter of ['SQLite', 'MongoDB'] as const) {
    it(`gives ${adapter} documents identical to the live projections'`, async function () {
      const { dir, remove } = await tempDataDir();
      const eventStore = createSqliteEventStore({ file: join(dir, 'payledger.sqlite') });
      const database = freshDatabase();
      const readModels: ReadModelStore =
        adapter === 'SQLite'
          ? createSqliteReadModelStore(eventStore.database)
          : createMongoReadModelStore({ url: testMongoDbUrl(), databaseName: database.name });
      try {
        await appendPaymentEvents(eventStore, events(adapter === 'SQLite' ? 600 : 200));
        const live = startProjections({
          eventStore,
          store: readModels,
          definitions: BUILT_IN_PROJECTIONS,
          settings: { maxBatchSize: 37 },
        });
        await live.whenCaughtUp();
        await live.stop();
        const projectedLive = await readEverything(readModels);

        // No service runs here: on MongoDB the rebuild swaps itself in once nobody takes over.
        const result = await rebuildProjections({
          eventStore,
          store: readModels,
          definitions: BUILT_IN_PROJECTIONS,
          handoverTimeoutMs: 100,
        });

        expect(result.generations).to.deep.equal({
          payments: 2,
          orders: 2,
          daily_totals: 2,
          parked_payments: 2,
        });
        expect(await generations(readModels)).to.deep.equal([2, 2, 2, 2]);
        expect(await readEverything(readModels)).to.deep.equal(projectedLive);
        expect(projectedLive).to.deep.equal(await foldWholeLog(eventStore));
        expect(projectedLive.parked).to.have.length(1);
      } finally {
        await readModels.close();
        await eventStore.close();
        await database.drop();
        await remove();
      }
    });
  }

  it('runs beside the service, swaps atomically and loses nothing appended meanwhile', async function () {
    const { dir, remove } = await tempDataDir();
    const eventStore = createSqliteEventStore({
      file: join(dir, 'payledger.sqlite'),
      pollIntervalMs: 20,
    });
    const readModels = createSqliteReadModelStore(eventStore.database);
    const live = startProjections({
      eventStore,
      store: readModels,
      definitions: BUILT_IN_PROJECTIONS,
      settings: { pollIntervalMs: 50 },
    });
    try {
      await appendPaymentEvents(eventStore, events(2000));
      await live.whenCaughtUp();

      const script = run(process.execPath, ['--import', 'tsx/esm', CLI, 'rebuild'], {
        env: { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'warn' },
      });
      for (let batch = 0; batch < 10; batch += 1) {
        await appendPaymentEvents(eventStore, events(50, 2000 + batch * 50));
        expect((await readModels.listPayments({ limit: 1 })).items).to.have.length(1);
      }
      const { stdout } = await script;

      expect(stdout).to.match(
        /^payments \(generation 2\), orders \(generation 2\), daily_totals \(generation 2\), parked_payments \(generation 2\) rebuilt and swapped in: [\d,]+ events in [\d.]+ s \([\d,]+ events\/s\)\n$/,
      );
      expect(await generations(readModels)).to.deep.equal([2, 2, 2, 2]);
      const head = (await eventStore.readAll({ maxCount: 1_000_000 })).at(-1)?.position;
      await eventually(() =>
        Promise.resolve(
          live
            .status()
            .projections.every(
              (projection) =>
                projection.generation === 2 && projection.position?.commit === head?.commit,
            ) || undefined,
        ),
      );
      expect(await readEverything(readModels)).to.deep.equal(await foldWholeLog(eventStore));
    } finally {
      await live.stop();
      await readModels.close();
      await eventStore.close();
      await remove();
    }
  });

  it('on MongoDB, is swapped in by the running service between two of its batches', async function () {
    const { dir, remove } = await tempDataDir();
    const eventStore = createSqliteEventStore({
      file: join(dir, 'payledger.sqlite'),
      pollIntervalMs: 20,
    });
    const database = freshDatabase();
    const open = () =>
      createMongoReadModelStore({ url: testMongoDbUrl(), databaseName: database.name });
    const serviceStore = open();
    const rebuildStore = open();
    const live = startProjections({
      eventStore,
      store: serviceStore,
      definitions: BUILT_IN_PROJECTIONS,
      settings: { pollIntervalMs: 50 },
    });
    try {
      await appendPaymentEvents(eventStore, events(150));
      await live.whenCaughtUp();
      const rebuilding = rebuildProjections({
        eventStore,
        store: rebuildStore,
        definitions: BUILT_IN_PROJECTIONS,
        // Longer than the test: only the service can have swapped the rebuilds in.
        handoverTimeoutMs: 120_000,
      });
      await appendPaymentEvents(eventStore, events(40, 150));
      await rebuilding;
      await appendPaymentEvents(eventStore, events(20, 190));

      expect(await generations(serviceStore)).to.deep.equal([2, 2, 2, 2]);
      const head = (await eventStore.readAll({ maxCount: 1_000_000 })).at(-1)?.position;
      await eventually(() =>
        Promise.resolve(
          live
            .status()
            .projections.every(
              (projection) =>
                projection.generation === 2 && projection.position?.commit === head?.commit,
            ) || undefined,
        ),
      );
      expect(await readEverything(serviceStore)).to.deep.equal(await foldWholeLog(eventStore));
    } finally {
      await live.stop();
      await serviceStore.close();
      await rebuildStore.close();
      await eventStore.close();
      await database.drop();
      await remove();
    }
  });
});
