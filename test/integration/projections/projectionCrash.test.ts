import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createSqliteEventStore } from '../../../src/eventStore/sqlite/sqliteEventStore.js';
import { createMongoReadModelStore } from '../../../src/readModels/mongodb/mongoReadModelStore.js';
import type { ReadModelStore } from '../../../src/readModels/readModelStore.js';
import { createSqliteReadModelStore } from '../../../src/readModels/sqlite/sqliteReadModelStore.js';
import {
  appendPaymentEvents,
  foldWholeLog,
  readEverything,
} from '../../support/appendPaymentEvents.js';
import { aLogForEveryProjection as aLog } from '../../support/everyProjectionLog.js';
import { runSeed, seededRandom } from '../../support/seededRandom.js';
import { tempDataDir } from '../../support/tempDataDir.js';
import { freshDatabase, testMongoDbUrl } from '../../support/testMongoDb.js';

const CHILD = join(import.meta.dirname, '../../support/projectionChild.ts');

/**
 * Starts the projections in a child process and SIGKILLs it once it has printed `killAfter`
 * lines (one per write it starts: a SQLite transaction, a MongoDB write command); without
 * `killAfter`, or if it catches up first, it is killed once caught up.
 */
function runChild(args: string[], killAfter?: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx/esm', CHILD, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let lines = 0;
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines += 1;
      if ((killAfter !== undefined && lines >= killAfter) || line === 'caught-up') {
        child.kill('SIGKILL');
      }
    });
    child.once('error', reject);
    child.once('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`the projection child exited on its own (${String(signal)})`));
    });
  });
}

describe('the projections under kill -9 at seeded random moments', function () {
  this.timeout(120_000);

  for (const adapter of ['SQLite', 'MongoDB'] as const) {
    it(`end with the same ${adapter} read models as one fold of the log, for every projection`, async function () {
      const seed = runSeed();
      const random = seededRandom(seed);
      const context = `seed ${seed} (replay with SEED=${seed})`;
      const { dir, remove } = await tempDataDir();
      const file = join(dir, 'payledger.sqlite');
      const eventStore = createSqliteEventStore({ file });
      const database = freshDatabase();
      const args = adapter === 'SQLite' ? [file] : [file, testMongoDbUrl(), database.name];
      // FerretDB takes about a millisecond per document written, so its log is smaller.
      const [size, payments, maxWrites] = adapter === 'SQLite' ? [1500, 97, 40] : [400, 29, 60];
      let readModels: ReadModelStore | undefined;
      try {
        await appendPaymentEvents(eventStore, aLog(size, payments));
        for (let round = 0; round < 3; round += 1) {
          await runChild(args, 1 + Math.floor(random() * maxWrites));
          await appendPaymentEvents(eventStore, aLog(size / 10, payments, size + round * 100));
        }
        await runChild(args);
        readModels =
          adapter === 'SQLite'
            ? createSqliteReadModelStore(eventStore.database)
            : createMongoReadModelStore({ url: testMongoDbUrl(), databaseName: database.name });
        const everything = await readEverything(readModels);
        expect(everything, context).to.deep.equal(await foldWholeLog(eventStore));
        expect(everything.parked, context).to.have.length(1);
      } finally {
        await readModels?.close();
        await eventStore.close();
        await database.drop();
        await remove();
      }
    });
  }
});
