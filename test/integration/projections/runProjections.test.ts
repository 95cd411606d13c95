import { expect } from 'chai';
import { join } from 'node:path';
import { BUILT_IN_PROJECTIONS } from '../../../projections/builtInProjections.js';
import { startProjections } from '../../../projections/runner/runProjections.js';
import type { EventStore } from '../../../src/eventStore/eventStore.js';
import { createSqliteEventStore } from '../../../src/eventStore/sqlite/sqliteEventStore.js';
import type { ReadModelStore } from '../../../src/readModels/readModelStore.js';
import { createSqliteReadModelStore } from '../../../src/readModels/sqlite/sqliteReadModelStore.js';
import {
  appendPaymentEvents,
  foldWholeLog,
  readEverything,
} from '../../support/appendPaymentEvents.js';
import { eventually } from '../../support/eventually.js';
import type { PaymentEventSpec } from '../../support/paymentEvents.js';
import { withShiftedPositions } from '../../support/shiftedPositions.js';
import { tempDataDir } from '../../support/tempDataDir.js';

const at = (second: number) => new Date(Date.UTC(2024, 5, 26, 11, 0, second)).toISOString();

/** A few hundred events over 40 payments and 13 orders, out of order, one payment unusable. */
export function aBusyLog(count = 300): PaymentEventSpec[] {
  const statuses = ['pending', 'authorized', 'captured', 'partially_refunded', 'failed'] as const;
  return Array.from({ length: count }, (_, i) => ({
    paymentId: `pi_${i % 40}`,
    orderId: `ord_${i % 13}`,
    status: statuses[(i * 7) % statuses.length]!,
    occurredAt: new Date(Date.UTC(2024, 5, 26 + (i % 3), 11, 0, (i * 31) % 59)).toISOString(),
    ...(statuses[(i * 7) % statuses.length] === 'partially_refunded'
      ? { refundId: `re_${i % 3}`, amount: 100 }
      : {}),
    ...(i === 50 ? { amount: 12.5 } : {}),
  }));
}

describe('startProjections', function () {
  let dir: string;
  let remove: () => Promise<void>;
  let eventStore: EventStore;
  let readModels: ReadModelStore;
  const run = (options: Partial<Parameters<typeof startProjections>[0]> = {}) =>
    startProjections({
      eventStore,
      store: readModels,
      definitions: BUILT_IN_PROJECTIONS,
      ...options,
    });

  beforeEach(async function () {
    ({ dir, remove } = await tempDataDir());
    eventStore = createSqliteEventStore({
      file: join(dir, 'payledger.sqlite'),
      pollIntervalMs: 20,
    });
    readModels = createSqliteReadModelStore({ file: join(dir, 'payledger.sqlite') });
  });
  afterEach(async function () {
    await readModels.close();
    await eventStore.close();
    await remove();
  });

  it('catches up with the log, then follows it live, for every projection', async function () {
    await appendPaymentEvents(eventStore, [
      { paymentId: 'pi_a', status: 'authorized', occurredAt: at(1) },
    ]);
    const runner = run({ settings: { maxBatchDelayMs: 5 } });
    try {
      await runner.whenCaughtUp();
      expect((await readModels.getPayment('stripe', 'pi_a'))?.status).to.equal('authorized');
      expect(runner.status()).to.deep.include({ caughtUp: true, state: 'live', lastError: null });
      expect(
        runner.status().projections.map((p) => [p.name, p.eventsApplied, p.generation]),
      ).to.deep.equal([
        ['payments', 1, 1],
        ['orders', 1, 1],
        ['daily_totals', 1, 1],
        ['parked_payments', 1, 1],
      ]);

      await appendPaymentEvents(eventStore, [
        { paymentId: 'pi_a', status: 'captured', occurredAt: at(2) },
      ]);
      const order = await eventually(async () => {
        const found = await readModels.getOrder('ord_1');
        return found?.status === 'paid' ? found : undefined;
      });
      expect(order.payments.map((payment) => payment.status)).to.deep.equal(['captured']);
      expect(await readModels.dailyTotals({})).to.have.length(2);
    } finally {
      await runner.stop();
    }
    expect(runner.status().state).to.equal('stopped');
  });

  it('parks a payment whose event cannot be applied, with its later events, while others proceed', async function () {
    await appendPaymentEvents(eventStore, [
      { paymentId: 'pi_ok', status: 'authorized', occurredAt: at(1) },
      { paymentId: 'pi_bad', status: 'authorized', occurredAt: at(1) },
      { paymentId: 'pi_bad', status: 'captured', amount: 12.5, occurredAt: at(2) },
      { paymentId: 'pi_bad', status: 'refunded', occurredAt: at(3) },
      { paymentId: 'pi_ok', status: 'captured', occurredAt: at(2) },
    ]);
    const runner = run();
    try {
      await runner.whenCaughtUp();
    } finally {
      await runner.stop();
    }
    expect((await readModels.getPayment('stripe', 'pi_ok'))?.status).to.equal('captured');
    expect((await readModels.getPayment('stripe', 'pi_bad'))?.status).to.equal('authorized');
    const [parked, ...others] = await readModels.listParked();
    expect(others).to.deep.equal([]);
    expect(parked).to.include({ key: 'stripe:pi_bad', streamName: 'payment-stripe:pi_bad' });
    expect(parked?.eventIds).to.have.length(2);
    expect(parked?.reason).to.match(/data\.amount/);
    expect((await readModels.getOrder('ord_1'))?.payments.map((p) => p.paymentId)).to.deep.equal([
      'pi_bad',
      'pi_ok',
    ]);
  });

  it('reports a failing store as lastError and not caught up, with the lag it leaves', async function () {
    await appendPaymentEvents(eventStore, [{ paymentId: 'pi_r', occurredAt: at(1) }]);
    const runner = run({ settings: { pollIntervalMs: 20 } });
    try {
      await runner.whenCaughtUp();
      await readModels.close();
      await appendPaymentEvents(eventStore, [{ paymentId: 'pi_r', occurredAt: at(2) }]);
      // The lag is probed from the event store, once per poll, whatever the read models do.
      const failing = await eventually(() => {
        const status = runner.status();
        return Promise.resolve(
          status.state === 'retrying' && status.projections[0]?.lagEvents === 1
            ? status
            : undefined,
        );
      });
      expect(failing).to.deep.include({ caughtUp: false });
      expect(failing.lastError).to.match(/cannot be reached/);
    } finally {
      await runner.stop();
    }
  });

  it('neither loses nor repeats anything when stopped and restarted at any batch', async function () {
    await appendPaymentEvents(eventStore, aBusyLog());
    for (const stopAfterBatches of [1, 3, 7]) {
      let batches = 0;
      let stop: () => void = () => undefined;
      const stopped = new Promise<void>((resolve) => (stop = resolve));
      const runner = run({
        settings: { maxBatchSize: 10 },
        onBatch: () => {
          batches += 1;
          if (batches === stopAfterBatches) stop();
        },
      });
      await stopped;
      await runner.stop();
    }
    const runner = run({ settings: { maxBatchSize: 10 } });
    await runner.whenCaughtUp();
    await runner.stop();
    expect(await readEverything(readModels)).to.deep.equal(await foldWholeLog(eventStore));
  });

  context('when positions have a prepare part unlike their commit (EventStoreDB)', function () {
    it('keeps whole positions, so the next event is neither skipped nor repeated after a restart', async function () {
      const shifted = withShiftedPositions(eventStore);
      const first = [
        { paymentId: 'pi_w', status: 'authorized' as const, occurredAt: at(1) },
        { paymentId: 'pi_v', status: 'authorized' as const, occurredAt: at(1) },
      ];
      await appendPaymentEvents(eventStore, first);
      const before = run({ eventStore: shifted });
      await before.whenCaughtUp();
      await before.stop();
      const live = await readModels.liveTarget('payments');
      expect((await readModels.readCheckpoints([live])).get('payments')?.position).to.deep.equal({
        commit: 20n,
        prepare: 17n,
      });

      await appendPaymentEvents(eventStore, [
        { paymentId: 'pi_w', status: 'captured', occurredAt: at(2) },
      ]);
      const after = run({ eventStore: shifted });
      await after.whenCaughtUp();
      await after.stop();

      expect(await readModels.getPayment('stripe', 'pi_w')).to.deep.include({
        status: 'captured',
        eventCount: 2,
        lastGlobalPosition: { commit: 30n, prepare: 27n },
      });
      expect((await readModels.getPayment('stripe', 'pi_v'))?.eventCount).to.equal(1);
      expect(after.status().projections[0]?.eventsApplied).to.equal(1);
    });
  });
});
