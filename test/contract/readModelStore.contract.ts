import { expect } from 'chai';
import type { ParkedPayment } from '../../src/readModels/parkedPayment.js';
import type { PaymentDocument } from '../../src/readModels/paymentDocument.js';
import type { ReadModelChanges, ReadModelStore } from '../../src/readModels/readModelStore.js';
import { aPaymentDocument, type PaymentEventSpec } from '../support/paymentEvents.js';

export interface ReadModelStoreFixture {
  readonly store: ReadModelStore;
  readonly teardown: () => Promise<void>;
}

const CHECKPOINT = 'payledger';
const at = (position: bigint) => ({
  name: CHECKPOINT,
  position: { commit: position, prepare: position },
});
const changes = (payments: PaymentDocument[], parked: ParkedPayment[] = []): ReadModelChanges => ({
  payments,
  parked,
});
const aPayment = (position: bigint, ...specs: PaymentEventSpec[]): PaymentDocument => ({
  ...aPaymentDocument(...specs),
  lastGlobalPosition: position,
});
const aParkedPayment = (key: string, position: bigint, eventIds: string[]): ParkedPayment => ({
  key,
  streamName: `payment-${key}`,
  reason: 'event e1 cannot be projected: data.amount: Invalid input',
  eventIds,
  firstParkedPosition: 3n,
  lastGlobalPosition: position,
  parkedAt: '2024-06-26T11:08:07.000Z',
});

/** The promises of the `ReadModelStore` port, registered once per adapter. */
export function describeReadModelStoreContract(
  adapterName: string,
  open: () => Promise<ReadModelStoreFixture>,
): void {
  describe(`ReadModelStore contract: ${adapterName}`, function () {
    let fixture: ReadModelStoreFixture;
    let store: ReadModelStore;

    beforeEach(async function () {
      fixture = await open();
      store = fixture.store;
    });
    afterEach(async function () {
      await fixture.teardown();
    });

    const activeWriter = async () => store.writer(await store.activeVersion());

    describe('#applyBatch', function () {
      it('stores payment documents and the checkpoint', async function () {
        const writer = await activeWriter();
        const payment = aPayment(7n, { paymentId: 'pi_a', status: 'authorized' });
        await writer.applyBatch(changes([payment]), at(7n));
        expect(await store.getPayment('stripe', 'pi_a')).to.deep.equal(payment);
        expect(await writer.readCheckpoint(CHECKPOINT)).to.deep.equal({ commit: 7n, prepare: 7n });
        expect(await writer.loadPayments(['stripe:pi_a', 'stripe:none'])).to.deep.equal(
          new Map([['stripe:pi_a', payment]]),
        );
      });

      it('ignores a document at or below the stored position, so a replayed batch changes nothing', async function () {
        const writer = await activeWriter();
        const newer = aPayment(5_000_000_010n, { paymentId: 'pi_b', status: 'captured' });
        const older = aPayment(5_000_000_009n, { paymentId: 'pi_b', status: 'authorized' });
        const other = aPayment(5_000_000_011n, { paymentId: 'pi_c' });
        await writer.applyBatch(changes([newer]), at(5_000_000_010n));
        await writer.applyBatch(changes([older, other]), at(5_000_000_011n));
        await writer.applyBatch(changes([newer, other]), at(5_000_000_011n));
        expect(await store.getPayment('stripe', 'pi_b')).to.deep.equal(newer);
        expect(await store.getPayment('stripe', 'pi_c')).to.deep.equal(other);
      });

      it('never moves the checkpoint backwards', async function () {
        const writer = await activeWriter();
        await writer.applyBatch(changes([]), at(9n));
        await writer.applyBatch(changes([]), at(4n));
        expect(await writer.readCheckpoint(CHECKPOINT)).to.deep.equal({ commit: 9n, prepare: 9n });
        expect(await writer.readCheckpoint('another')).to.equal(undefined);
      });

      it('keeps parked payments with their later events, guarded like payments', async function () {
        const writer = await activeWriter();
        const first = aParkedPayment('stripe:pi_bad', 3n, ['e1']);
        const later = aParkedPayment('stripe:pi_bad', 8n, ['e1', 'e2']);
        await writer.applyBatch(changes([], [first]), at(3n));
        await writer.applyBatch(changes([], [later]), at(8n));
        await writer.applyBatch(changes([], [first]), at(8n));
        expect(await store.listParked()).to.deep.equal([later]);
        expect(await writer.loadParked(['stripe:pi_bad'])).to.deep.equal(
          new Map([[later.key, later]]),
        );
      });
    });

    describe('#listPayments', function () {
      it('filters, orders by most recent event and pages with a cursor', async function () {
        const writer = await activeWriter();
        const payments = Array.from({ length: 7 }, (_, i) =>
          aPayment(BigInt(i + 1), {
            paymentId: `pi_${i}`,
            status: i % 2 === 0 ? 'captured' : 'failed',
            currency: i < 5 ? 'USD' : 'EUR',
            orderId: `ord_${i % 3}`,
            occurredAt: new Date(Date.UTC(2024, 0, 1 + (i % 4))).toISOString(),
          }),
        );
        await writer.applyBatch(changes(payments), at(7n));

        const pages: string[][] = [];
        let cursor: string | undefined;
        do {
          const page = await store.listPayments({ limit: 2, ...(cursor ? { cursor } : {}) });
          pages.push(page.items.map((p) => p.paymentId));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        expect(pages).to.deep.equal([
          ['pi_3', 'pi_2'],
          ['pi_6', 'pi_1'],
          ['pi_5', 'pi_0'],
          ['pi_4'],
        ]);

        const captured = await store.listPayments({
          status: 'captured',
          currency: 'USD',
          limit: 10,
        });
        expect(captured.items.map((p) => p.paymentId)).to.deep.equal(['pi_2', 'pi_0', 'pi_4']);
        expect(captured.nextCursor).to.equal(null);
        const ranged = await store.listPayments({
          gateway: 'stripe',
          orderId: 'ord_0',
          from: new Date('2024-01-01T00:00:00Z'),
          to: new Date('2024-01-03T00:00:00Z'),
          limit: 10,
        });
        expect(ranged.items.map((p) => p.paymentId)).to.deep.equal(['pi_6', 'pi_0']);
      });
    });

    describe('#getOrder', function () {
      it('derives the order from its payments and finds nothing for an unknown order', async function () {
        const writer = await activeWriter();
        await writer.applyBatch(
          changes([
            aPayment(1n, { paymentId: 'pi_1', orderId: 'ord_x', amount: 500 }),
            aPayment(2n, { paymentId: 'pi_2', orderId: 'ord_x', amount: 700, status: 'refunded' }),
            aPayment(3n, { paymentId: 'pi_3', orderId: 'ord_y' }),
          ]),
          at(3n),
        );
        const order = await store.getOrder('ord_x');
        expect(order?.status).to.equal('partially_refunded');
        expect(order?.totals).to.deep.equal([
          { currency: 'USD', captured: 1200, refunded: 700, net: 500 },
        ]);
        expect(await store.getOrder('ord_none')).to.equal(undefined);
      });
    });

    describe('#dailyTotals', function () {
      it('sums per day, gateway, currency and status within the range, replacing a payment’s old contribution', async function () {
        const writer = await activeWriter();
        const day1 = '2024-03-01T10:00:00Z';
        const day2 = '2024-03-02T10:00:00Z';
        await writer.applyBatch(
          changes([
            aPayment(1n, { paymentId: 'a', status: 'authorized', occurredAt: day1, amount: 100 }),
            aPayment(2n, { paymentId: 'b', occurredAt: day1, amount: 200 }),
            aPayment(3n, {
              gateway: 'razorpay',
              paymentId: 'c',
              occurredAt: day2,
              currency: 'INR',
            }),
          ]),
          at(3n),
        );
        const captured = aPayment(
          4n,
          { paymentId: 'a', status: 'authorized', occurredAt: day1, amount: 100 },
          { paymentId: 'a', status: 'captured', occurredAt: day2, amount: 100 },
        );
        await writer.applyBatch(changes([captured]), at(4n));

        expect(await store.dailyTotals({ from: '2024-03-01', to: '2024-03-02' })).to.deep.equal([
          {
            day: '2024-03-01',
            gateway: 'stripe',
            currency: 'USD',
            status: 'authorized',
            count: 1,
            amount: 100,
          },
          {
            day: '2024-03-01',
            gateway: 'stripe',
            currency: 'USD',
            status: 'captured',
            count: 1,
            amount: 200,
          },
          {
            day: '2024-03-02',
            gateway: 'razorpay',
            currency: 'INR',
            status: 'captured',
            count: 1,
            amount: 1999,
          },
          {
            day: '2024-03-02',
            gateway: 'stripe',
            currency: 'USD',
            status: 'captured',
            count: 1,
            amount: 100,
          },
        ]);
        expect(await store.dailyTotals({ from: '2024-03-02', to: '2024-03-02' })).to.have.length(2);
        expect(await store.dailyTotals({ to: '2024-02-28' })).to.deep.equal([]);
      });
    });

    describe('rebuild', function () {
      it('writes a fresh version that readers only see once activated', async function () {
        const live = await activeWriter();
        const old = aPayment(1n, { paymentId: 'pi_old' });
        await live.applyBatch(changes([old]), at(1n));

        const rebuild = await store.beginRebuild();
        expect(rebuild.version).to.not.equal(live.version);
        expect(await rebuild.readCheckpoint(CHECKPOINT)).to.equal(undefined);
        const fresh = aPayment(2n, { paymentId: 'pi_new' });
        await rebuild.applyBatch(changes([fresh]), at(2n));
        expect(await store.getPayment('stripe', 'pi_new')).to.equal(undefined);
        expect(await store.activeVersion()).to.equal(live.version);

        await store.activate(rebuild.version);

        expect(await store.activeVersion()).to.equal(rebuild.version);
        expect(await store.getPayment('stripe', 'pi_new')).to.deep.equal(fresh);
        expect(await store.getPayment('stripe', 'pi_old')).to.equal(undefined);
        expect((await store.writer(rebuild.version).readCheckpoint(CHECKPOINT))?.commit).to.equal(
          2n,
        );
      });
    });
  });
}
