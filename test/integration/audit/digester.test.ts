import { expect } from 'chai';
import { join } from 'node:path';
import { startDigester, type Digester } from '../../../src/audit/digest/digester.js';
import { DIGEST_EVENT_TYPE, DIGEST_STREAM } from '../../../src/audit/digest/digestRecord.js';
import { reconstructDigest } from '../../../src/audit/digest/digestStream.js';
import { rootOf } from '../../../src/audit/verify/compareWithDigest.js';
import { systemClock } from '../../../src/domain/clock.js';
import { createSqliteEventStore } from '../../../src/eventStore/sqlite/sqliteEventStore.js';
import { silentLogger } from '../../../src/observability/logger.js';
import { appendPaymentEvents } from '../../support/appendPaymentEvents.js';
import { eventually } from '../../support/eventually.js';
import { tempDataDir } from '../../support/tempDataDir.js';

describe('Digesters of two instances on one event store', function () {
  this.timeout(20_000);

  it('append one digest when they race, chain later ones, and store leaves that rebuild each root', async function () {
    const { dir, remove } = await tempDataDir();
    const eventStore = createSqliteEventStore({
      file: join(dir, 'payledger.sqlite'),
      pollIntervalMs: 10,
    });
    const start = () =>
      startDigester({
        eventStore,
        intervalSeconds: 0,
        signer: undefined,
        logger: silentLogger,
        clock: systemClock,
      });
    const digesters: Digester[] = [start(), start()];
    const [first, second] = digesters as [Digester, Digester];
    const folded = (digester: Digester, events: number) =>
      eventually(async () => {
        await digester.whenCaughtUp();
        return digester.foldedEvents() >= events ? true : undefined;
      });
    try {
      await appendPaymentEvents(
        eventStore,
        Array.from({ length: 40 }, (_, i) => ({ paymentId: `pi_${i % 9}` })),
      );
      await Promise.all([folded(first, 40), folded(second, 40)]);

      const raced = await Promise.all([first.digestNow(), second.digestNow()]);

      // The loser gets a revision conflict and appends nothing; two identical digests (same
      // millisecond) are one idempotent append.
      const appended = new Set(raced.flatMap((digest) => (digest ? [digest.hash] : [])));
      expect(appended.size).to.equal(1);
      await appendPaymentEvents(eventStore, [{ paymentId: 'pi_3' }, { paymentId: 'pi_new' }]);
      await Promise.all([folded(first, 42), folded(second, 42)]);
      const next = (await second.digestNow()) ?? (await first.digestNow());

      expect(next?.body).to.deep.include({ sequence: 1, streams: 10, events: 42 });
      expect(next?.body.previous).to.equal([...appended][0]);
      const digests = (await eventStore.readStream(DIGEST_STREAM)).filter(
        (event) => event.type === DIGEST_EVENT_TYPE,
      );
      expect(digests).to.have.length(2);
      for (const sequence of [0, 1]) {
        const rebuilt = await reconstructDigest(eventStore, sequence);
        expect(rebuilt.problems).to.deep.equal([]);
        expect(rootOf(rebuilt.leaves.values())).to.equal(rebuilt.stored?.digest.body.root);
      }
    } finally {
      await Promise.all(digesters.map((digester) => digester.stop()));
      await eventStore.close();
      await remove();
    }
  });
});
