import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createSqliteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { createMongoReadModelStore } from '../../src/readModels/mongodb/mongoReadModelStore.js';
import type { ReadModelStore } from '../../src/readModels/readModelStore.js';
import { createSqliteReadModelStore } from '../../src/readModels/sqlite/sqliteReadModelStore.js';
import {
  appendPaymentEvents,
  foldWholeLog,
  readEverything,
} from '../support/appendPaymentEvents.js';
import { eventually } from '../support/eventually.js';
import type { PaymentEventSpec } from '../support/paymentEvents.js';
import { tempDataDir } from '../support/tempDataDir.js';
import { freshDatabase, testMongoDbUrl } from '../support/testMongoDb.js';

const CHILD = join(import.meta.dirname, '../support/leasedProjectionChild.ts');

/** One instance's projections in a child process, and what it has printed. */
interface Instance {
  readonly child: ChildProcess;
  readonly lines: string[];
  /** Resolves with the first line (past or future) that `matches`. */
  line(matches: (line: string) => boolean): Promise<string>;
  /** Documents this instance has written so far, as it counted them. */
  writes(): number;
}

function startInstance(args: readonly string[]): Instance {
  const child = spawn(process.execPath, ['--import', 'tsx/esm', CHILD, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const waiters = new Set<(line: string) => void>();
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const waiter of [...waiters]) waiter(line);
  });
  return {
    child,
    lines,
    line: (matches) => {
      const seen = lines.find(matches);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve) => {
        const waiter = (line: string) => {
          if (!matches(line)) return;
          waiters.delete(waiter);
          resolve(line);
        };
        waiters.add(waiter);
      });
    },
    writes: () => {
      const last = lines.filter((line) => line.startsWith('write ')).at(-1);
      return last ? Number(last.split(' ')[1]) : 0;
    },
  };
}

const holds = (line: string) => line.startsWith('lease held ');
const wroteAtLeast = (documents: number) => (line: string) =>
  line.startsWith('write ') && Number(line.split(' ')[1]) >= documents;
const stopInstance = async (instance: Instance) => {
  if (instance.child.exitCode !== null || instance.child.signalCode !== null) return;
  const exited = new Promise((resolve) => instance.child.once('exit', resolve));
  instance.child.kill('SIGKILL');
  await exited;
};

/** Payments, refunds and orders across a few days: every projection has work. */
const aLog = (count: number, offset = 0): PaymentEventSpec[] =>
  Array.from({ length: count }, (_, n) => {
    const i = n + offset;
    const status = (['authorized', 'captured', 'partially_refunded', 'captured'] as const)[i % 4]!;
    return {
      paymentId: `pi_${i % 83}`,
      orderId: `ord_${i % 41}`,
      status,
      ...(status === 'partially_refunded' ? { refundId: `re_${i % 5}`, amount: 10 } : {}),
      occurredAt: new Date(Date.UTC(2024, 0, 1 + (i % 3), 0, 0, i % 60)).toISOString(),
    };
  });

describe('two instances sharing the projection lease', function () {
  this.timeout(120_000);

  for (const adapter of ['SQLite', 'MongoDB'] as const) {
    context(`on ${adapter === 'SQLite' ? 'one SQLite file' : 'FerretDB'}`, function () {
      let remove: () => Promise<void>;
      let eventStore: ReturnType<typeof createSqliteEventStore>;
      let database: ReturnType<typeof freshDatabase>;
      let readModels: ReadModelStore;
      let args: string[];
      const instances: Instance[] = [];
      // FerretDB takes about a millisecond per document written, so its log is smaller; SQLite
      // is stopped at its first write, as its catch-up is over in moments.
      const size = adapter === 'SQLite' ? 2000 : 400;

      beforeEach(async function () {
        const temp = await tempDataDir();
        remove = temp.remove;
        const file = join(temp.dir, 'payledger.sqlite');
        eventStore = createSqliteEventStore({ file });
        database = freshDatabase();
        args = adapter === 'SQLite' ? [file] : [file, testMongoDbUrl(), database.name];
        readModels =
          adapter === 'SQLite'
            ? createSqliteReadModelStore(eventStore.database)
            : createMongoReadModelStore({ url: testMongoDbUrl(), databaseName: database.name });
        await appendPaymentEvents(eventStore, aLog(size));
      });
      afterEach(async function () {
        for (const instance of instances.splice(0)) await stopInstance(instance);
        await readModels.close();
        await eventStore.close();
        await database.drop();
        await remove();
      });

      /** A holds the lease and B stands by, B knowing A holds it. */
      async function holderAndStandby(): Promise<[Instance, Instance]> {
        const a = startInstance(args);
        instances.push(a);
        const held = await a.line(holds);
        const b = startInstance(args);
        instances.push(b);
        const token = held.split(' ')[2];
        await b.line((line) => line.startsWith(`lease standby ${token} `));
        expect(b.lines.some(holds)).to.equal(false);
        return [a, b];
      }

      it('hands the lease to the other when the holder is killed mid-catch-up, nothing lost or doubled', async function () {
        const [a, b] = await holderAndStandby();
        await a.line(wroteAtLeast(adapter === 'SQLite' ? 1 : 40));
        a.child.kill('SIGKILL');
        expect(a.lines).not.to.include('caught-up');

        expect(await b.line(holds)).to.match(/^lease held 2 /);
        await b.line((line) => line === 'caught-up');
        expect(await readEverything(readModels)).to.deep.equal(await foldWholeLog(eventStore));
      });

      it('lets a holder resumed after SIGSTOP write nothing once the other has taken over', async function () {
        const [a, b] = await holderAndStandby();
        // On SQLite a process stopped inside a write transaction keeps the file's write lock, so
        // nobody (nor a takeover) can write until it resumes: it is stopped between batches,
        // caught up, and finds new events when it wakes. On FerretDB it is stopped mid-catch-up.
        await a.line(adapter === 'SQLite' ? (line) => line === 'caught-up' : wroteAtLeast(40));
        a.child.kill('SIGSTOP');
        if (adapter === 'SQLite') await appendPaymentEvents(eventStore, aLog(50, size + 200));
        await b.line(holds);
        await b.line((line) => line === 'caught-up');
        await appendPaymentEvents(eventStore, aLog(100, size));
        const end = (await eventStore.readAll({ maxCount: 10_000_000 })).at(-1)?.position;
        const live = ['payments', 'orders', 'daily_totals', 'parked_payments'].map((name) => ({
          projection: name,
          collection: name,
          generation: 1,
        }));
        await eventually(async () => {
          const checkpoints = [...(await readModels.readCheckpoints(live)).values()];
          const done = checkpoints.every(
            (checkpoint) => checkpoint.position?.commit === end?.commit,
          );
          return checkpoints.length === 4 && done ? true : undefined;
        }, 60_000);

        if (adapter === 'MongoDB') expect(a.lines).not.to.include('caught-up');
        const linesBeforeResume = a.lines.length;
        const writtenBeforeResume = a.writes();
        a.child.kill('SIGCONT');
        // Work for it to want to do the moment it wakes.
        await appendPaymentEvents(eventStore, aLog(50, size + 100));
        // It stands by once it learned of the takeover and its runner has stopped.
        await a.line((line) => line.startsWith('lease standby '));

        await eventually(async () => {
          const checkpoints = [...(await readModels.readCheckpoints(live)).values()];
          const after = (await eventStore.readAll({ maxCount: 10_000_000 })).at(-1)?.position;
          return checkpoints.every((checkpoint) => checkpoint.position?.commit === after?.commit)
            ? true
            : undefined;
        }, 60_000);

        const afterResume = a.lines.slice(linesBeforeResume);
        // MongoDB: answers to commands sent before the stop may arrive after it; none is sent after.
        const sentBefore = new Set(
          a.lines
            .slice(0, linesBeforeResume)
            .flatMap((line) => (line.startsWith('sent ') ? [line.slice(5)] : [])),
        );
        // The lease check never lets a command go once it has woken. A command whose check passed
        // just before the stop may still leave after it (README, "the one case the clock check
        // cannot see"); what it carries must then change nothing, as checked next.
        expect(
          afterResume.filter((line) => line === 'fence passed'),
          'lease checks passed after resuming',
        ).to.deep.equal([]);
        const beforeResume = a.lines.slice(0, linesBeforeResume);
        const lastSent = beforeResume.map((line) => line.startsWith('sent ')).lastIndexOf(true);
        const checksStillInFlight = beforeResume
          .slice(lastSent + 1)
          .filter((line) => line === 'fence passed').length;
        expect(
          afterResume.filter((line) => line.startsWith('sent ')).length,
          'commands sent after resuming',
        ).to.be.at.most(checksStillInFlight);
        expect(
          afterResume.filter(
            (line) => line.startsWith('write ') && !sentBefore.has(line.split(' ')[2] ?? ''),
          ),
          'documents written after resuming',
        ).to.deep.equal([]);
        if (adapter === 'SQLite') expect(a.writes()).to.equal(writtenBeforeResume);
        expect(await readEverything(readModels)).to.deep.equal(await foldWholeLog(eventStore));
      });
    });
  }
});
