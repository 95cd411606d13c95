// Runs a staged rebuild of every projection in its own process, so a test can kill -9 it while
// it folds the log or copies documents in.
// Usage: stagedRebuildChild.ts <sqlite file> <mongodb url> <database> <staging dir>
// Prints `fold <n>` after each batch folded into the staging file, `insert <n>` before each
// insert command into a rebuild collection, and `rebuilt` once swapped in.
import { BUILT_IN_PROJECTIONS } from '../../projections/builtInProjections.js';
import { rebuildProjections } from '../../projections/rebuild/rebuildProjections.js';
import { createSqliteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { createMongoReadModelStore } from '../../src/readModels/mongodb/mongoReadModelStore.js';
import { openStagingReadModelStore } from '../../src/readModels/sqlite/stagingReadModelStore.js';

const [file, mongoUrl, databaseName, stagingDir] = process.argv.slice(2);
if (!file || !mongoUrl || !databaseName || !stagingDir) {
  throw new Error('usage: stagedRebuildChild.ts <sqlite file> <mongodb url> <database> <dir>');
}
const eventStore = createSqliteEventStore({ file });
let inserts = 0;
let folds = 0;
const readModels = createMongoReadModelStore({
  url: mongoUrl,
  databaseName,
  onCommandStarted: (event) => {
    const collection: unknown = (event.command as { insert?: unknown }).insert;
    if (typeof collection === 'string' && collection.includes('__rebuild_')) {
      inserts += 1;
      process.stdout.write(`insert ${inserts}\n`);
    }
  },
});
await rebuildProjections({
  eventStore,
  store: readModels,
  definitions: BUILT_IN_PROJECTIONS,
  // The same holder every time: a retry after a kill -9 need not wait for the locks to expire.
  holder: 'staged-rebuild-child',
  openStaging: () => openStagingReadModelStore(stagingDir),
  settings: { maxBatchSize: 25 },
  copyPageSize: 5,
  handoverTimeoutMs: 0,
  onProgress: (progress) => {
    if (progress.phase === 'building') {
      folds += 1;
      process.stdout.write(`fold ${folds}\n`);
    }
  },
});
process.stdout.write('rebuilt\n');
await readModels.close();
await eventStore.close();
