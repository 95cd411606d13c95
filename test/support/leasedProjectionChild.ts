// Runs the leased projections in their own process, as one service instance would, so a test
// can run two on the same stores and kill -9 or SIGSTOP one of them.
// Usage: leasedProjectionChild.ts <sqlite file> [<mongodb url> <database>]
// Prints `lease <held|standby> <token> <holder>` when its view of the lease changes, `write <n>`
// after every write that changed documents (n: documents this process changed so far, counted
// from what the store answered), and `caught-up` once caught up. On MongoDB, also `sent <id>` as
// each document command leaves, `fence passed` each time a write's lease check lets a command go,
// and the command's id after `write <n>`.
import { startLeasedProjections } from '../../projections/lease/leasedProjections.js';
import { BUILT_IN_PROJECTIONS } from '../../projections/builtInProjections.js';
import { startProjections } from '../../projections/runner/runProjections.js';
import { createSqliteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { instanceId } from '../../src/instanceId.js';
import { createMongoReadModelStore } from '../../src/readModels/mongodb/mongoReadModelStore.js';
import { PROJECTIONS_LEASE, LEASES } from '../../src/readModels/readModelNames.js';
import type { ReadModelStore } from '../../src/readModels/readModelStore.js';
import { createSqliteReadModelStore } from '../../src/readModels/sqlite/sqliteReadModelStore.js';

const CHILD_LEASE = { leaseMs: 1500, renewMs: 500 };

const [file, mongoUrl, databaseName] = process.argv.slice(2);
if (!file) throw new Error('usage: leasedProjectionChild.ts <sqlite file> [<mongodb url> <db>]');
const eventStore = createSqliteEventStore({ file });
let documentsWritten = 0;
const counted = (n: number, requestId?: number) => {
  if (n === 0) return;
  documentsWritten += n;
  process.stdout.write(
    `write ${documentsWritten}${requestId === undefined ? '' : ` ${requestId}`}\n`,
  );
};
const documentCollection = (name: string) => name !== LEASES && name !== 'projection_checkpoints';

function openReadModels(): ReadModelStore {
  if (!mongoUrl || !databaseName) {
    const store = createSqliteReadModelStore(eventStore.database);
    // SQLite writes a batch in one transaction: what resolves is what was written.
    return {
      ...store,
      write: async (batches, fence) => {
        await store.write(batches, fence);
        counted(batches.reduce((sum, batch) => sum + batch.changes.length, 0));
      },
    };
  }
  const collections = new Map<number, string>();
  const store = createMongoReadModelStore({
    url: mongoUrl,
    databaseName,
    onCommandStarted: (event) => {
      const collection = String(event.command[event.commandName]);
      if (
        ['insert', 'update', 'delete'].includes(event.commandName) &&
        documentCollection(collection)
      ) {
        collections.set(event.requestId, collection);
        process.stdout.write(`sent ${event.requestId}\n`);
      }
    },
    onCommandSucceeded: (event) => {
      const collection = collections.get(event.requestId);
      collections.delete(event.requestId);
      if (collection === undefined) return;
      counted((event.reply as { n?: number }).n ?? 0, event.requestId);
    },
  });
  return {
    ...store,
    // Every document command is sent right after its fence check passes: say when one does.
    write: (batches, fence) =>
      store.write(
        batches,
        fence && {
          ...fence,
          assertHeld() {
            fence.assertHeld();
            process.stdout.write('fence passed\n');
          },
        },
      ),
  };
}

const readModels = openReadModels();
const projections = startLeasedProjections({
  leases: readModels,
  name: PROJECTIONS_LEASE,
  instance: instanceId(),
  definitions: BUILT_IN_PROJECTIONS,
  settings: CHILD_LEASE,
  logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
  start: (fence) =>
    startProjections({
      eventStore,
      store: readModels,
      definitions: BUILT_IN_PROJECTIONS,
      settings: { maxBatchSize: 25 },
      fence,
    }),
});
let shown = '';
setInterval(() => {
  const lease = projections.lease();
  const line = `lease ${lease.held ? 'held' : 'standby'} ${lease.token ?? '-'} ${lease.holder ?? '-'}`;
  if (line !== shown) process.stdout.write(`${line}\n`);
  shown = line;
}, 20);
await projections.whenCaughtUp();
process.stdout.write('caught-up\n');
