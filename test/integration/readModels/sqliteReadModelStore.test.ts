import { expect } from 'chai';
import { join } from 'node:path';
import { createSqliteEventStore } from '../../../src/eventStore/sqlite/sqliteEventStore.js';
import { createSqliteReadModelStore } from '../../../src/readModels/sqlite/sqliteReadModelStore.js';
import { describeReadModelStoreContract } from '../../contract/readModelStore.contract.js';
import { aPaymentDocument } from '../../support/paymentEvents.js';
import { tempDataDir } from '../../support/tempDataDir.js';

describeReadModelStoreContract('SQLite', async () => {
  const { dir, remove } = await tempDataDir();
  const store = createSqliteReadModelStore({ file: join(dir, 'payledger.sqlite') });
  return {
    store,
    teardown: async () => {
      await store.close();
      await remove();
    },
  };
});

describe('SQLite read-model store', function () {
  context('when it shares the event store’s database', function () {
    it('writes beside the event log and is seen by another process’s store on the same file', async function () {
      const { dir, remove } = await tempDataDir();
      const file = join(dir, 'payledger.sqlite');
      const events = createSqliteEventStore({ file });
      const shared = createSqliteReadModelStore(events.database);
      const other = createSqliteReadModelStore({ file });
      try {
        const payment = aPaymentDocument({ paymentId: 'pi_shared' });
        const writer = shared.writer(await shared.activeVersion());
        await writer.applyBatch(
          { payments: [payment], parked: [] },
          { name: 'payledger', position: { commit: 1n, prepare: 1n } },
        );
        expect(await other.getPayment('stripe', 'pi_shared')).to.deep.equal(payment);
        await shared.close();
        await events.ping();
      } finally {
        await other.close();
        await events.close();
        await remove();
      }
    });
  });
});
