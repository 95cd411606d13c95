import { expect } from 'chai';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { PaymentEvent } from '../../src/domain/paymentEvent.js';
import { createSqliteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { appendPaymentEvent } from '../../src/webhooks/appendPaymentEvent.js';
import { appendPaymentEvents } from '../support/appendPaymentEvents.js';
import { brokenPlaces, runPayledger } from '../support/captureCli.js';
import { aPaymentEvent } from '../support/paymentEvents.js';
import { tempDataDir } from '../support/tempDataDir.js';

describe('payledger verify on a log written before chaining', function () {
  this.timeout(20_000);

  it('reports the unchained events in a note, and an edit once a chained event sealed them', async function () {
    const { dir, remove } = await tempDataDir();
    const file = join(dir, 'payledger.sqlite');
    try {
      const store = createSqliteEventStore({ file });
      await appendPaymentEvents(store, [
        { paymentId: 'pi_old_1' },
        { paymentId: 'pi_old_1' },
        { paymentId: 'pi_old_2' },
      ]);
      const { streamName, ...next } = aPaymentEvent({ paymentId: 'pi_old_1' });
      await appendPaymentEvent(store, streamName, next as unknown as PaymentEvent);
      await store.close();

      const upgraded = await runPayledger(['verify'], { DATA_DIR: dir });
      const db = new Database(file);
      db.prepare(
        "UPDATE events SET data = json_set(data, '$.amount', 7) WHERE stream_name = ? AND revision = 1",
      ).run(streamName);
      db.close();
      const edited = await runPayledger(['verify'], { DATA_DIR: dir });

      expect(upgraded.code).to.equal(0);
      expect(upgraded.out).to.include(
        'note: 2 streams begin with 3 events written before chaining (no chain values): the next chained event of a stream seals them, and every digest covers them; save one from now on',
      );
      expect(edited.code).to.equal(1);
      expect(brokenPlaces(edited.out)).to.deep.equal(['payment-stripe:pi_old_1 0 altered']);
      expect(edited.out).to.include(
        '(written before chaining) changed after revision 2 sealed them',
      );
    } finally {
      await remove();
    }
  });
});
