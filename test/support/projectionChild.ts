// Runs the projection in its own process so a test can kill -9 it mid-batch.
// Usage: projectionChild.ts <sqlite file> [<mongodb url> <database>]
import { startProjections } from '../../projections/runProjections.js';
import { createSqliteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { createMongoReadModelStore } from '../../src/readModels/mongodb/mongoReadModelStore.js';
import { createSqliteReadModelStore } from '../../src/readModels/sqlite/sqliteReadModelStore.js';

const [file, mongoUrl, databaseName] = process.argv.slice(2);
if (!file) throw new Error('usage: projectionChild.ts <sqlite file> [<mongodb url> <database>]');
const eventStore = createSqliteEventStore({ file });
const readModels =
  mongoUrl && databaseName
    ? createMongoReadModelStore({ url: mongoUrl, databaseName })
    : createSqliteReadModelStore(eventStore.database);
const runner = startProjections({
  eventStore,
  readModels,
  maxBatchSize: 25,
  onBatch: ({ position }) => process.stdout.write(`batch ${position}\n`),
});
await runner.whenCaughtUp();
process.stdout.write('caught-up\n');
