import { expect } from 'chai';
import { join } from 'node:path';
import { BUILT_IN_PROJECTIONS } from '../../../projections/builtInProjections.js';
import { startProjections } from '../../../projections/runner/runProjections.js';
import type { EventStore, GlobalPosition } from '../../../src/eventStore/eventStore.js';
import { createEventStoreDbEventStore } from '../../../src/eventStore/eventStoreDb/eventStoreDbEventStore.js';
import type { DocumentStore } from '../../../src/readModels/documentStore.js';
import { createMongoReadModelStore } from '../../../src/readModels/mongodb/mongoReadModelStore.js';
import type { ReadModelStore } from '../../../src/readModels/readModelStore.js';
import type { ReadModelVersions } from '../../../src/readModels/readModelVersions.js';
import { createSqliteReadModelStore } from '../../../src/readModels/sqlite/sqliteReadModelStore.js';
import {
  appendPaymentEvents,
  foldWholeLog,
  readEverything,
} from '../../support/appendPaymentEvents.js';
import {
  startEventStoreDbStandIn,
  type EventStoreDbStandIn,
} from '../../support/eventStoreDbStandIn/startEventStoreDbStandIn.js';
import { eventually } from '../../support/eventually.js';
import { tempDataDir } from '../../support/tempDataDir.js';
import { freshDatabase, testMongoDbUrl } from '../../support/testMongoDb.js';

// A fresh stand-in without system projections holds 5 system events; 27 payment events more
// fill the first catch-up page of 32 exactly, so the catch-up ends with the checkpoint (P, 0)
// and the next event is written at (P, P), as on the real server.
const SYSTEM_EVENTS = 5;
const FILL_THE_PAGE = 32 - SYSTEM_EVENTS;

const stores: readonly {
  readonly name: string;
  readonly open: () => Promise<{ store: ReadModelStore; close: () => Promise<void> }>;
}[] = [
  {
    name: 'SQLite',
    async open() {
      const { dir, remove } = await tempDataDir();
      const store = createSqliteReadModelStore({ file: join(dir, 'read-models.sqlite') });
      return {
        store,
        close: async () => {
          await store.close();
          await remove();
        },
      };
    },
  },
  {
    name: 'MongoDB',
    open() {
      const database = freshDatabase();
      const store = createMongoReadModelStore({
        url: testMongoDbUrl(),
        databaseName: database.name,
      });
      return Promise.resolve({
        store,
        close: async () => {
          await store.close();
          await database.drop();
        },
      });
    },
  },
];

async function savedCheckpoints(
  store: DocumentStore & ReadModelVersions,
): Promise<GlobalPosition[]> {
  const targets = await Promise.all(
    BUILT_IN_PROJECTIONS.map((definition) => store.liveTarget(definition.name)),
  );
  const checkpoints = await store.readCheckpoints(targets);
  return targets.map((target) => {
    const position = checkpoints.get(target.collection)?.position;
    if (!position) throw new Error(`${target.collection} has no checkpoint`);
    return position;
  });
}

for (const { name, open } of stores) {
  describe(`The projections on EventStoreDB (the stand-in) with ${name} read models`, function () {
    this.timeout(30_000);
    let standIn: EventStoreDbStandIn;
    let eventStore: EventStore;
    let readModels: { store: ReadModelStore; close: () => Promise<void> };

    beforeEach(async function () {
      standIn = await startEventStoreDbStandIn({ systemProjections: false });
      eventStore = createEventStoreDbEventStore({ connectionString: standIn.connectionString });
      readModels = await open();
    });
    afterEach(async function () {
      await readModels.close();
      await eventStore.close();
      await standIn.stop();
    });

    const run = () =>
      startProjections({
        eventStore,
        store: readModels.store,
        definitions: BUILT_IN_PROJECTIONS,
        settings: { pollIntervalMs: 100 },
      });

    context('when restarted after a catch-up that ended with the checkpoint (P, 0)', function () {
      it('reports caught up once (P, 0) is saved, and projects the event then written at (P, P) instead of skipping it', async function () {
        await appendPaymentEvents(
          eventStore,
          Array.from({ length: FILL_THE_PAGE }, (_, i) => ({
            paymentId: `pi_${i}`,
            orderId: `ord_${i % 5}`,
          })),
        );
        const first = run();
        await first.whenCaughtUp();
        // Caught up only once the end-of-catch-up checkpoint is saved, not at the last event.
        const saved = await savedCheckpoints(readModels.store);
        expect(first.status().caughtUp).to.equal(true);
        await first.stop();
        const last = (await eventStore.readAll({ maxCount: 1000 })).at(-1);
        const P = saved[0]!.commit;
        // The precondition: every projection saved the whole end-of-catch-up checkpoint.
        expect(saved).to.deep.equal(saved.map(() => ({ commit: P, prepare: 0n })));
        expect(P > last!.position.commit).to.equal(true);

        await appendPaymentEvents(eventStore, [
          { paymentId: 'pi_after', orderId: 'ord_after', status: 'captured' },
        ]);
        const written = (await eventStore.readAll({ maxCount: 1000 })).at(-1);
        expect(written!.position).to.deep.equal({ commit: P, prepare: P });

        const second = run();
        try {
          await second.whenCaughtUp();
          await eventually(async () =>
            (await readModels.store.getPayment('stripe', 'pi_after')) ? true : undefined,
          );
          expect(await readEverything(readModels.store)).to.deep.equal(
            await foldWholeLog(eventStore),
          );
        } finally {
          await second.stop();
        }
      });
    });
  });
}
