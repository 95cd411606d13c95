// Runs the projections in their own process so a test can kill -9 them between any two writes.
// Usage: projectionChild.ts <sqlite file> [<mongodb url> <database>]
// Prints `write <n>` before each write of the read-model store and `caught-up` once caught up.
import { BUILT_IN_PROJECTIONS } from '../../projections/builtInProjections.js';
import { startProjections } from '../../projections/runner/runProjections.js';
import { createSqliteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { createMongoReadModelStore } from '../../src/readModels/mongodb/mongoReadModelStore.js';
import { createSqliteReadModelStore } from '../../src/readModels/sqlite/sqliteReadModelStore.js';

const [file, mongoUrl, databaseName] = process.argv.slice(2);
if (!file) throw new Error('usage: projectionChild.ts <sqlite file> [<mongodb url> <database>]');
const eventStore = createSqliteEventStore({ file });
let writes = 0;
const readModels =
  mongoUrl && databaseName
    ? createMongoReadModelStore({
        url: mongoUrl,
        databaseName,
        onCommandStarted: (event) => {
          if (['insert', 'update', 'delete'].includes(event.commandName)) {
            writes += 1;
            process.stdout.write(`write ${writes}\n`);
          }
        },
      })
    : createSqliteReadModelStore(eventStore.database);
const runner = startProjections({
  eventStore,
  store: readModels,
  definitions: BUILT_IN_PROJECTIONS,
  settings: { maxBatchSize: 25 },
  onBatch: () => {
    if (!mongoUrl) {
      writes += 1;
      process.stdout.write(`write ${writes}\n`);
    }
  },
});
await runner.whenCaughtUp();
process.stdout.write('caught-up\n');
