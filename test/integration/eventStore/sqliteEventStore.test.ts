import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StoreUnavailableError } from '../../../src/eventStore/eventStoreErrors.js';
import { createSqliteEventStore } from '../../../src/eventStore/sqlite/sqliteEventStore.js';
import {
  CONTRACT_MAX_APPEND_BYTES,
  describeEventStoreContract,
} from '../../contract/eventStore.contract.js';
import { tempDataDir } from '../../support/tempDataDir.js';

describeEventStoreContract('SQLite', async () => {
  const { dir, remove } = await tempDataDir();
  const store = createSqliteEventStore({
    file: join(dir, 'payledger.sqlite'),
    pollIntervalMs: 20,
    maxAppendBytes: CONTRACT_MAX_APPEND_BYTES,
  });
  return {
    store,
    teardown: async () => {
      await store.close();
      await remove();
    },
  };
});

/** Threads of this process with this name (Linux names threads in /proc). */
const threadsNamed = (name: string) =>
  readdirSync('/proc/self/task').filter(
    (task) => readFileSync(`/proc/self/task/${task}/comm`, 'utf8').trim() === name,
  ).length;

describe('SQLite event store', function () {
  context('when two stores open the same file', function () {
    it('shows the second everything the first acknowledged', async function () {
      const { dir, remove } = await tempDataDir();
      const file = join(dir, 'payledger.sqlite');
      const writer = createSqliteEventStore({ file });
      const reader = createSqliteEventStore({ file });
      try {
        const ids = Array.from({ length: 50 }, () => randomUUID());
        await Promise.all(
          ids.map((id, index) =>
            writer.appendToStream(
              `payment-test:${index}`,
              [{ id, type: 'PaymentCaptured', data: {}, metadata: {} }],
              {
                expectedRevision: 'no_stream',
              },
            ),
          ),
        );
        const seen = await reader.readAll({ maxCount: 100 });
        expect(seen.map((e) => e.id)).to.have.members(ids);
      } finally {
        await writer.close();
        await reader.close();
        await remove();
      }
    });
  });

  context('when opened only to read the log another store writes', function () {
    it('refuses appends, starts no writer thread, and its subscription sees what the writer appends', async function () {
      const { dir, remove } = await tempDataDir();
      const file = join(dir, 'payledger.sqlite');
      const writer = createSqliteEventStore({ file });
      await writer.appendToStream(
        'payment-test:first',
        [{ id: randomUUID(), type: 'PaymentCaptured', data: {}, metadata: {} }],
        { expectedRevision: 'no_stream' },
      );
      const writerThreads = threadsNamed('sqlite-writer');
      const reader = createSqliteEventStore({ file, readOnly: true, pollIntervalMs: 20 });
      const subscription = reader.subscribeToAll({});
      try {
        try {
          await reader.appendToStream(
            'payment-test:refused',
            [{ id: randomUUID(), type: 'PaymentCaptured', data: {}, metadata: {} }],
            { expectedRevision: 'no_stream' },
          );
          expect.fail('a read-only store took an append');
        } catch (error) {
          expect(error).to.be.instanceOf(StoreUnavailableError);
        }
        const id = randomUUID();
        await writer.appendToStream(
          'payment-test:written',
          [{ id, type: 'PaymentCaptured', data: {}, metadata: {} }],
          { expectedRevision: 'no_stream' },
        );
        const iterator = subscription[Symbol.asyncIterator]();
        for (;;) {
          const next = await iterator.next();
          if (next.done) expect.fail('the subscription ended');
          if (next.value.kind === 'event') {
            if (next.value.event.id === id) break;
          }
        }
        expect(await reader.readAll({ maxCount: 10 })).to.have.length(2);
        expect(threadsNamed('sqlite-writer')).to.equal(writerThreads);
      } finally {
        await subscription.close();
        await reader.close();
        await writer.close();
        await remove();
      }
    });
  });

  context('when closed while appends are still queued for the writer thread', function () {
    it('commits every one of them before it closes, and acknowledges each', async function () {
      const { dir, remove } = await tempDataDir();
      const file = join(dir, 'payledger.sqlite');
      const store = createSqliteEventStore({ file });
      try {
        const appends = Array.from({ length: 200 }, (_, i) =>
          store.appendToStream(
            `s-${i}`,
            [{ id: randomUUID(), type: 'T', data: { i }, metadata: {} }],
            { expectedRevision: 'no_stream' },
          ),
        );
        await store.close();
        const outcomes = await Promise.allSettled(appends);
        expect(outcomes.filter((o) => o.status === 'fulfilled')).to.have.length(200);
        const reopened = createSqliteEventStore({ file });
        try {
          expect(await reopened.readAll({ maxCount: 1000 })).to.have.length(200);
        } finally {
          await reopened.close();
        }
      } finally {
        await remove();
      }
    });
  });

  context('when group commit is off', function () {
    it('still stores each concurrent append once', async function () {
      const { dir, remove } = await tempDataDir();
      const store = createSqliteEventStore({
        file: join(dir, 'payledger.sqlite'),
        maxBatchSize: 1,
      });
      try {
        await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            store.appendToStream(
              `s-${i}`,
              [{ id: randomUUID(), type: 'T', data: {}, metadata: {} }],
              { expectedRevision: 'no_stream' },
            ),
          ),
        );
        expect(await store.readAll({ maxCount: 100 })).to.have.length(20);
      } finally {
        await store.close();
        await remove();
      }
    });
  });
});

describe('SQLite event store on a full disk', function () {
  it('refuses appends with StoreUnavailableError, writes nothing of the batch, and recovers once there is room', async function () {
    const { dir, remove } = await tempDataDir();
    const store = createSqliteEventStore({ file: join(dir, 'payledger.sqlite') });
    const big = (n: number) => ({
      id: randomUUID(),
      type: 'T',
      data: { n, padding: 'x'.repeat(3000) },
      metadata: {},
    });
    try {
      await store.appendToStream('s-first', [big(0)], { expectedRevision: 'no_stream' });
      // SQLite's own page limit turns "no more room" into SQLITE_FULL, as a full volume would.
      const pages = store.database.pragma('page_count', { simple: true }) as number;
      await store.writerPragma(`max_page_count = ${pages + 2}`);

      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, (_, n) =>
          store.appendToStream(`s-${n}`, [big(n), big(n)], { expectedRevision: 'no_stream' }),
        ),
      );
      expect(outcomes.map((o) => o.status)).to.deep.equal(Array(10).fill('rejected'));
      for (const outcome of outcomes)
        expect((outcome as PromiseRejectedResult).reason).to.be.instanceOf(StoreUnavailableError);
      expect((await store.readAll({ maxCount: 100 })).map((e) => e.streamName)).to.deep.equal([
        's-first',
      ]);

      await store.writerPragma('max_page_count = 1073741823');
      await store.appendToStream('s-later', [big(1)], { expectedRevision: 'no_stream' });
      expect((await store.readAll({ maxCount: 100 })).map((e) => e.streamName)).to.deep.equal([
        's-first',
        's-later',
      ]);
    } finally {
      await store.close();
      await remove();
    }
  });
});
