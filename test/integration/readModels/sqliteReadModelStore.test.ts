import { expect } from 'chai';
import { join } from 'node:path';
import { createSqliteEventStore } from '../../../src/eventStore/sqlite/sqliteEventStore.js';
import { createSqliteReadModelStore } from '../../../src/readModels/sqlite/sqliteReadModelStore.js';
import { describeProjectionLeasesContract } from '../../contract/projectionLeases.contract.js';
import { describeReadModelStoreContract } from '../../contract/readModelStore.contract.js';
import { tempDataDir } from '../../support/tempDataDir.js';

const openStore = async () => {
  const { dir, remove } = await tempDataDir();
  const store = createSqliteReadModelStore({ file: join(dir, 'payledger.sqlite') });
  return {
    store,
    teardown: async () => {
      await store.close();
      await remove();
    },
  };
};

describeReadModelStoreContract('SQLite', openStore);
describeProjectionLeasesContract('SQLite', openStore);

describe('SQLite read-model store', function () {
  context('when it shares the event store’s database', function () {
    it('writes beside the event log, in tables anyone can query by their stable names', async function () {
      const { dir, remove } = await tempDataDir();
      const file = join(dir, 'payledger.sqlite');
      const events = createSqliteEventStore({ file });
      const shared = createSqliteReadModelStore(events.database);
      const other = createSqliteReadModelStore({ file });
      try {
        const target = await shared.liveTarget('orders');
        await shared.prepare(target, [{ name: 'status', fields: [{ field: 'status' }] }], 1);
        await shared.write([
          {
            target,
            changes: [
              {
                key: 'ord_1',
                expected: undefined,
                next: {
                  position: { commit: 1n, prepare: 1n },
                  body: {
                    orderId: 'ord_1',
                    status: 'paid',
                    lastEventAt: '2024-01-01T00:00:00.000Z',
                  },
                },
              },
            ],
            checkpoint: { commit: 1n, prepare: 1n },
            version: 1,
          },
        ]);
        expect(await other.getOrder('ord_1')).to.deep.include({ status: 'paid' });
        expect(
          events.database.prepare("SELECT key, status FROM orders WHERE status = 'paid'").all(),
        ).to.deep.equal([{ key: 'ord_1', status: 'paid' }]);
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
