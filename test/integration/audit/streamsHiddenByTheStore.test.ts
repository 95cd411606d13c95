import { expect } from 'chai';
import { join } from 'node:path';
import type { ChainProblem } from '../../../src/audit/chain/checkStreamChain.js';
import { verifyEventLog } from '../../../src/audit/verify/verifyEventLog.js';
import type { PaymentEvent } from '../../../src/domain/paymentEvent.js';
import type { EventStore } from '../../../src/eventStore/eventStore.js';
import { createSqliteEventStore } from '../../../src/eventStore/sqlite/sqliteEventStore.js';
import { appendPaymentEvent } from '../../../src/webhooks/appendPaymentEvent.js';
import { aPaymentEvent } from '../../support/paymentEvents.js';
import { tempDataDir } from '../../support/tempDataDir.js';

/**
 * The real store, read by stream name the way EventStoreDB reads a soft-deleted stream (nothing)
 * and a truncated one (`$tb` = 1), while `$all` still holds every event. The stand-in has no
 * deletion, so this is how the adapter-independent check is exercised.
 */
function hidingStreams(store: EventStore, deleted: string, truncated: string): EventStore {
  return {
    ...store,
    readStream: async (stream, options) => {
      if (stream === deleted) return [];
      const events = await store.readStream(stream, options);
      return stream === truncated ? events.filter((event) => event.revision >= 1n) : events;
    },
  };
}

describe('verifyEventLog when the store hides events from reads by stream name', function () {
  this.timeout(20_000);

  it('names a deleted stream and a truncated one as missing, though $all still holds them', async function () {
    const { dir, remove } = await tempDataDir();
    const store = createSqliteEventStore({ file: join(dir, 'payledger.sqlite') });
    try {
      for (const paymentId of [
        'pi_kept',
        'pi_deleted',
        'pi_truncated',
        'pi_kept',
        'pi_truncated',
      ]) {
        const { streamName, ...event } = aPaymentEvent({ paymentId });
        await appendPaymentEvent(store, streamName, event as unknown as PaymentEvent);
      }
      const problems: ChainProblem[] = [];
      const summary = await verifyEventLog(
        hidingStreams(store, 'payment-stripe:pi_deleted', 'payment-stripe:pi_truncated'),
        { onProblem: (problem) => problems.push(problem) },
      );

      expect(summary.events).to.equal(5);
      expect(problems.map((p) => `${p.stream} ${p.revision} ${p.kind}`).sort()).to.deep.equal([
        'payment-stripe:pi_deleted 0 missing',
        'payment-stripe:pi_truncated 0 missing',
      ]);
      expect(problems.find((p) => p.stream.endsWith('pi_deleted'))?.detail).to.include(
        'no longer reads by name',
      );
    } finally {
      await store.close();
      await remove();
    }
  });
});
