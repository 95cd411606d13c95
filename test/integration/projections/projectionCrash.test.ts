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
import type { PaymentEventSpec } from '../../support/paymentEvents.js';
import { tempDataDir } from '../../support/tempDataDir.js';
import { freshDatabase, testMongoDbUrl } from '../../support/testMongoDb.js';

const CHILD = join(import.meta.dirname, '../../support/projectionChild.ts');

/**
 * Starts the projection in a child process and SIGKILLs it once it has printed `killAfter`
 * lines (`batch …` per batch written); without `killAfter` it waits for `caught-up`.
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

const manyEvents = (count: number, payments: number): PaymentEventSpec[] =>
  Array.from({ length: count }, (_, i) => ({
    paymentId: `pi_${i % payments}`,
    status: (['authorized', 'captured', 'pending', 'partially_refunded'] as const)[i % 4]!,
    occurredAt: new Date(Date.UTC(2024, 0, 1, 0, 0, (i * 13) % 60)).toISOString(),
    ...(i % 4 === 3 ? { refundId: `re_${i % 5}`, amount: 10 } : {}),
  }));

describe('the projection under kill -9', function () {
  this.timeout(60_000);

  for (const adapter of ['SQLite', 'MongoDB'] as const) {
    it(`ends with the same ${adapter} read models as one fold of the log`, async function () {
      const { dir, remove } = await tempDataDir();
      const file = join(dir, 'payledger.sqlite');
      const eventStore = createSqliteEventStore({ file });
      const database = freshDatabase();
      const args = adapter === 'SQLite' ? [file] : [file, testMongoDbUrl(), database.name];
      let readModels: ReadModelStore | undefined;
      try {
        // FerretDB writes a few hundred documents a second, so its log is smaller.
        const sqlite = adapter === 'SQLite';
        await appendPaymentEvents(eventStore, sqlite ? manyEvents(3000, 97) : manyEvents(300, 20));
        await runChild(args, sqlite ? 5 : 2);
        await runChild(args, sqlite ? 37 : 6);
        await runChild(args);
        readModels =
          adapter === 'SQLite'
            ? createSqliteReadModelStore(eventStore.database)
            : createMongoReadModelStore({ url: testMongoDbUrl(), databaseName: database.name });
        expect(await readEverything(readModels)).to.deep.equal(await foldWholeLog(eventStore));
      } finally {
        await readModels?.close();
        await eventStore.close();
        await database.drop();
        await remove();
      }
    });
  }
});
