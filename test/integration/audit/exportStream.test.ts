import { expect } from 'chai';
import { join } from 'node:path';
import { exportStream } from '../../../src/audit/export/exportLines.js';
import type { EventStore } from '../../../src/eventStore/eventStore.js';
import { createSqliteEventStore } from '../../../src/eventStore/sqlite/sqliteEventStore.js';
import { appendPaymentEvents } from '../../support/appendPaymentEvents.js';
import { tempDataDir } from '../../support/tempDataDir.js';

/** The real store, counting the pages of the log read from it. */
function countingReads(store: EventStore): { store: EventStore; pages: () => number } {
  let pages = 0;
  return {
    store: {
      ...store,
      readAll: (options) => {
        pages += 1;
        return store.readAll(options);
      },
    },
    pages: () => pages,
  };
}

describe('exportStream (what GET /audit/export sends)', function () {
  this.timeout(20_000);

  it('reads the log no further than about one page ahead of a reader that stops', async function () {
    const { dir, remove } = await tempDataDir();
    const store = createSqliteEventStore({ file: join(dir, 'payledger.sqlite') });
    try {
      await appendPaymentEvents(
        store,
        Array.from({ length: 4000 }, (_, i) => ({ paymentId: `pi_${i % 50}` })),
      );
      const counted = countingReads(store);
      const stream = exportStream(counted.store, 'ndjson', {});

      const first = (await stream[Symbol.asyncIterator]().next()).value as string;
      for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
      const pagesWhilePaused = counted.pages();
      let lines = first.split('\n').length - 1;
      for await (const chunk of stream) lines += (chunk as string).split('\n').length - 1;

      expect(pagesWhilePaused).to.equal(1);
      expect(lines).to.equal(1 + 4000 + 50 + 1); // header, events, one head per stream, trailer
      expect(counted.pages()).to.equal(5);
    } finally {
      await store.close();
      await remove();
    }
  });
});
