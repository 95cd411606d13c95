import { expect } from 'chai';
import type { CommandStartedEvent } from 'mongodb';
import { createMongoReadModelStore } from '../../../src/readModels/mongodb/mongoReadModelStore.js';
import { BUILT_IN_PROJECTIONS } from '../../../projections/builtInProjections.js';
import { startProjections } from '../../../projections/runner/runProjections.js';
import { createSqliteEventStore } from '../../../src/eventStore/sqlite/sqliteEventStore.js';
import { describeProjectionLeasesContract } from '../../contract/projectionLeases.contract.js';
import { describeReadModelStoreContract } from '../../contract/readModelStore.contract.js';
import { appendPaymentEvents } from '../../support/appendPaymentEvents.js';
import { tempDataDir } from '../../support/tempDataDir.js';
import { freshDatabase, testMongoDbUrl } from '../../support/testMongoDb.js';
import { join } from 'node:path';

const openStore = () => {
  const database = freshDatabase();
  const store = createMongoReadModelStore({ url: testMongoDbUrl(), databaseName: database.name });
  return Promise.resolve({
    store,
    teardown: async () => {
      await store.close();
      await database.drop();
    },
  });
};

describeReadModelStoreContract('MongoDB (FerretDB unless MONGODB_URL is set)', openStore);
describeProjectionLeasesContract('MongoDB (FerretDB unless MONGODB_URL is set)', openStore);

describe('MongoDB read-model store', function () {
  context('when the projections write', function () {
    it('sends write concern majority with journaling on every write command', async function () {
      const { dir, remove } = await tempDataDir();
      const eventStore = createSqliteEventStore({ file: join(dir, 'payledger.sqlite') });
      const database = freshDatabase();
      const sent: CommandStartedEvent[] = [];
      const store = createMongoReadModelStore({
        url: testMongoDbUrl(),
        databaseName: database.name,
        onCommandStarted: (event) => sent.push(event),
      });
      try {
        // The first batch inserts documents, the second replaces them and deletes an order.
        await appendPaymentEvents(eventStore, [
          { paymentId: 'pi_1', status: 'authorized', orderId: 'ord_1' },
          { paymentId: 'pi_2', status: 'captured', orderId: 'ord_2' },
        ]);
        const first = startProjections({ eventStore, store, definitions: BUILT_IN_PROJECTIONS });
        await first.whenCaughtUp();
        await first.stop();
        await appendPaymentEvents(eventStore, [
          { paymentId: 'pi_1', status: 'captured', orderId: 'ord_1' },
          {
            paymentId: 'pi_2',
            status: 'captured',
            orderId: 'ord_3',
            occurredAt: '2024-06-27T00:00:00Z',
          },
        ]);
        const second = startProjections({ eventStore, store, definitions: BUILT_IN_PROJECTIONS });
        await second.whenCaughtUp();
        await second.stop();

        const writes = sent.filter((event) =>
          ['insert', 'update', 'delete'].includes(event.commandName),
        );
        expect(new Set(writes.map((event) => event.commandName))).to.deep.equal(
          new Set(['insert', 'update', 'delete']),
        );
        for (const event of writes) {
          expect(event.command['writeConcern'], event.commandName).to.deep.equal({
            w: 'majority',
            j: true,
          });
        }
        expect(await store.getOrder('ord_2')).to.equal(undefined);
        expect(await store.getOrder('ord_3')).to.deep.include({ status: 'paid' });
      } finally {
        await store.close();
        await eventStore.close();
        await database.drop();
        await remove();
      }
    });
  });
});
