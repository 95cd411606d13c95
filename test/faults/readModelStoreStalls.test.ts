import { expect } from 'chai';
import { join } from 'node:path';
import { BUILT_IN_PROJECTIONS } from '../../projections/builtInProjections.js';
import { startProjections } from '../../projections/runner/runProjections.js';
import { createSqliteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { createMongoReadModelStore } from '../../src/readModels/mongodb/mongoReadModelStore.js';
import { ensureFerretDb, startFerretDb } from '../setup/ferretDb.js';
import {
  appendPaymentEvents,
  foldWholeLog,
  readEverything,
} from '../support/appendPaymentEvents.js';
import { eventually } from '../support/eventually.js';
import { tempDataDir } from '../support/tempDataDir.js';

describe('The projections when their MongoDB store stalls (a FerretDB of its own, frozen with SIGSTOP)', function () {
  this.timeout(60_000);

  it('report the stall as lastError and not caught up within the store’s deadline, then catch up once it answers', async function () {
    const ferretDb = await startFerretDb(await ensureFerretDb());
    const { dir, remove } = await tempDataDir();
    const eventStore = createSqliteEventStore({
      file: join(dir, 'payledger.sqlite'),
      pollIntervalMs: 20,
    });
    const store = createMongoReadModelStore({
      url: ferretDb.url,
      databaseName: 'stalls',
      deadlineMs: 1000,
    });
    const runner = startProjections({
      eventStore,
      store,
      definitions: BUILT_IN_PROJECTIONS,
      settings: { pollIntervalMs: 100 },
    });
    try {
      await appendPaymentEvents(eventStore, [{ paymentId: 'pi_before' }]);
      await runner.whenCaughtUp();

      ferretDb.pause();
      await appendPaymentEvents(eventStore, [{ paymentId: 'pi_during', orderId: 'ord_2' }]);
      // Nothing answers; each operation gives up at its 1 s deadline, well inside the wait.
      const stalled = await eventually(() => {
        const status = runner.status();
        return Promise.resolve(status.state === 'retrying' ? status : undefined);
      }, 5000);
      expect(stalled).to.deep.include({ caughtUp: false });
      expect(stalled.lastError).to.match(/did not answer within 1 s|cannot be reached/);

      ferretDb.resume();
      await eventually(() => {
        const status = runner.status();
        const head = status.projections.every((projection) => projection.position?.commit === 2n);
        return Promise.resolve(
          status.caughtUp && status.lastError === null && head ? true : undefined,
        );
      }, 40_000);
      expect(await readEverything(store)).to.deep.equal(await foldWholeLog(eventStore));
    } finally {
      ferretDb.resume();
      await runner.stop();
      await store.close();
      await eventStore.close();
      await ferretDb.stop();
      await remove();
    }
  });
});
