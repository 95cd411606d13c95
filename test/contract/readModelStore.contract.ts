import { expect } from 'chai';
import type { GlobalPosition } from '../../src/eventStore/eventStore.js';
import {
  StaleTargetError,
  WriteConflictError,
  type DocumentChange,
  type ProjectionTarget,
} from '../../src/readModels/documentStore.js';
import type { ReadModelStore } from '../../src/readModels/readModelStore.js';
import { BUILT_IN_PROJECTIONS } from '../../projections/builtInProjections.js';
import { foldEvents } from '../../projections/foldEvents.js';
import type { ProjectionDefinition } from '../../projections/projectionDefinition.js';
import { aPaymentEvent, recordInOrder, type PaymentEventSpec } from '../support/paymentEvents.js';

export interface ReadModelStoreFixture {
  readonly store: ReadModelStore;
  readonly teardown: () => Promise<void>;
}

const at = (commit: bigint, prepare = commit): GlobalPosition => ({ commit, prepare });
const definition = (name: string): ProjectionDefinition =>
  BUILT_IN_PROJECTIONS.find((candidate) => candidate.name === name) ??
  expect.fail(`no projection ${name}`);

async function expectRejection(promise: Promise<unknown>, type: new (...args: never[]) => Error) {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(type);
    return;
  }
  expect.fail(`expected a ${type.name}`);
}

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

    const liveTarget = async (name: string): Promise<ProjectionTarget> => {
      const target = await store.liveTarget(name);
      await store.prepare(target, definition(name).indexes, definition(name).version);
      return target;
    };
    const write = (
      target: ProjectionTarget,
      changes: DocumentChange[],
      checkpoint: GlobalPosition,
      version = 1,
    ) => store.write([{ target, changes, checkpoint, version }]);
    const put = (
      key: string,
      position: GlobalPosition,
      body: Record<string, unknown>,
      expected?: GlobalPosition,
    ) => ({
      key,
      expected,
      next: { position, body },
    });
    /** Every built-in projection folded over these events, written to the live collections. */
    async function project(specs: PaymentEventSpec[]): Promise<void> {
      const events = recordInOrder(specs.map(aPaymentEvent));
      for (const projection of BUILT_IN_PROJECTIONS) {
        const target = await liveTarget(projection.name);
        const changes = [...foldEvents(projection, events)].map(([key, document]) => ({
          key,
          expected: undefined,
          next: document,
        }));
        await write(target, changes, events.at(-1)?.position ?? at(1n));
      }
    }

    describe('#prepare and #readCheckpoints', function () {
      it('creates the collection with an empty checkpoint of generation 1, idempotently', async function () {
        const target = await liveTarget('orders');
        await liveTarget('orders');
        expect(target).to.deep.equal({ projection: 'orders', collection: 'orders', generation: 1 });
        expect(await store.readCheckpoints([target])).to.deep.equal(
          new Map([['orders', { position: undefined, generation: 1, version: 1 }]]),
        );
        expect(await store.isEmpty(target)).to.equal(true);
      });
    });

    describe('#write', function () {
      it('stores documents with their whole positions and saves the checkpoint', async function () {
        const target = await liveTarget('orders');
        await write(
          target,
          [put('ord_a', at(7n, 3n), { status: 'paid', lastEventAt: 'x' })],
          at(9n, 4n),
        );
        expect(await store.load(target, ['ord_a', 'ord_none'])).to.deep.equal(
          new Map([
            ['ord_a', { position: at(7n, 3n), body: { status: 'paid', lastEventAt: 'x' } }],
          ]),
        );
        expect(await store.loadPositions(target, ['ord_a', 'ord_none'])).to.deep.equal(
          new Map([['ord_a', at(7n, 3n)]]),
        );
        expect((await store.readCheckpoints([target])).get('orders')?.position).to.deep.equal(
          at(9n, 4n),
        );
        expect(await store.isEmpty(target)).to.equal(false);
      });

      it('keeps positions beyond 2^53 exact', async function () {
        const big = 2n ** 62n + 1n;
        const target = await liveTarget('orders');
        await write(target, [put('ord_big', at(big, big - 1n), { status: 'paid' })], at(big, big));
        expect((await store.load(target, ['ord_big'])).get('ord_big')?.position).to.deep.equal(
          at(big, big - 1n),
        );
        expect((await store.readCheckpoints([target])).get('orders')?.position).to.deep.equal(
          at(big, big),
        );
      });

      it('replaces or deletes a document only while it is at the position loaded', async function () {
        const target = await liveTarget('orders');
        await write(
          target,
          [put('ord_a', at(5n), { n: 1 }), put('ord_b', at(5n), { n: 1 })],
          at(5n),
        );
        await write(target, [put('ord_a', at(8n), { n: 2 }, at(5n))], at(8n));
        await expectRejection(
          write(target, [put('ord_a', at(9n), { n: 3 }, at(5n))], at(9n)),
          WriteConflictError,
        );
        await expectRejection(
          write(target, [put('ord_b', at(9n), { n: 3 })], at(9n)),
          WriteConflictError,
        );
        await expectRejection(
          write(target, [{ key: 'ord_a', expected: at(6n), next: undefined }], at(9n)),
          WriteConflictError,
        );
        await write(target, [{ key: 'ord_b', expected: at(5n), next: undefined }], at(9n));
        expect(await store.load(target, ['ord_a', 'ord_b'])).to.deep.equal(
          new Map([['ord_a', { position: at(8n), body: { n: 2 } }]]),
        );
      });
    });

    describe('rebuilds', function () {
      it('build beside the live collection, which readers keep seeing until the swap', async function () {
        await project([{ paymentId: 'pi_old', orderId: 'ord_old' }]);
        const live = await store.liveTarget('orders');
        const rebuild = await store.beginRebuild('orders', definition('orders').indexes, 2);
        expect(rebuild).to.deep.equal({
          projection: 'orders',
          collection: 'orders__rebuild_2',
          generation: 2,
        });
        await write(
          rebuild,
          [put('ord_new', at(3n), { orderId: 'ord_new', lastEventAt: 'y' })],
          at(4n),
          2,
        );
        expect(await store.getOrder('ord_new')).to.equal(undefined);
        expect(await store.getOrder('ord_old')).to.not.equal(undefined);

        await store.requestSwap(rebuild);
        await store.swap(rebuild);

        expect(await store.getOrder('ord_old')).to.equal(undefined);
        expect(await store.getOrder('ord_new')).to.deep.include({ orderId: 'ord_new' });
        expect(await store.liveTarget('orders')).to.deep.equal({ ...live, generation: 2 });
        expect(await store.readCheckpoints([{ ...live, generation: 2 }])).to.deep.equal(
          new Map([['orders', { position: at(4n), generation: 2, version: 2 }]]),
        );
        await expectRejection(
          write(live, [put('ord_stale', at(9n), { orderId: 'ord_stale' })], at(9n)),
          StaleTargetError,
        );
        // Without atomic batches the documents go first; only the live writer swaps (handover).
        if (store.atomicBatches) expect(await store.getOrder('ord_stale')).to.equal(undefined);
      });

      it('are filled by inserting documents with their positions, read back in key order', async function () {
        const rebuild = await store.beginRebuild('payments', definition('payments').indexes, 1);
        const big = at(2n ** 60n + 1n, 2n ** 60n);
        await store.insertDocuments(rebuild, [
          ['stripe:pi_b', { position: at(5n), body: { status: 'captured' } }],
          ['stripe:pi_a', { position: big, body: { status: 'refunded' } }],
          ['stripe:pi_c', { position: at(7n), body: { status: 'failed' } }],
        ]);

        expect(await store.storedDocumentsPage(rebuild, undefined, 2)).to.deep.equal([
          ['stripe:pi_a', { position: big, body: { status: 'refunded' } }],
          ['stripe:pi_b', { position: at(5n), body: { status: 'captured' } }],
        ]);
        expect(await store.storedDocumentsPage(rebuild, 'stripe:pi_b', 2)).to.deep.equal([
          ['stripe:pi_c', { position: at(7n), body: { status: 'failed' } }],
        ]);
        expect(await store.documentsPage(rebuild, undefined, 10)).to.deep.equal([
          ['stripe:pi_a', { status: 'refunded' }],
          ['stripe:pi_b', { status: 'captured' }],
          ['stripe:pi_c', { status: 'failed' }],
        ]);
      });

      it('refuse to insert over a document they hold', async function () {
        const rebuild = await store.beginRebuild('payments', definition('payments').indexes, 1);
        await store.insertDocuments(rebuild, [
          ['stripe:pi_a', { position: at(5n), body: { status: 'captured' } }],
        ]);

        await expectRejection(
          store.insertDocuments(rebuild, [
            ['stripe:pi_a', { position: at(9n), body: { status: 'refunded' } }],
          ]),
          WriteConflictError,
        );
        expect(await store.storedDocumentsPage(rebuild, undefined, 10)).to.deep.equal([
          ['stripe:pi_a', { position: at(5n), body: { status: 'captured' } }],
        ]);
      });

      it('drop an unfinished rebuild when the next one begins', async function () {
        const first = await store.beginRebuild('payments', definition('payments').indexes, 1);
        await write(first, [put('stripe:pi_x', at(1n), { status: 'captured' })], at(1n));
        const second = await store.beginRebuild('payments', definition('payments').indexes, 1);
        expect(second.generation).to.be.greaterThan(first.generation);
        expect(await store.isEmpty(second)).to.equal(true);
        expect((await store.readCheckpoints([first, second])).has(first.collection)).to.equal(
          false,
        );
      });
    });

    describe('#listPayments', function () {
      it('filters, orders by most recent event and pages with a cursor', async function () {
        await project(
          Array.from({ length: 7 }, (_, i) => ({
            paymentId: `pi_${i}`,
            status: i % 2 === 0 ? ('captured' as const) : ('failed' as const),
            currency: i < 5 ? 'USD' : 'EUR',
            orderId: `ord_${i % 3}`,
            occurredAt: new Date(Date.UTC(2024, 0, 1 + (i % 4))).toISOString(),
          })),
        );
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
        expect(await store.getPayment('stripe', 'pi_6')).to.deep.include({
          status: 'captured',
          currency: 'EUR',
        });
      });
    });

    describe('#getOrder and #listOrders', function () {
      it('read the materialized orders, by status and most recent event', async function () {
        await project([
          { paymentId: 'pi_1', orderId: 'ord_x', amount: 500, occurredAt: '2024-01-01T00:00:00Z' },
          { paymentId: 'pi_2', orderId: 'ord_x', amount: 700, occurredAt: '2024-01-01T00:00:01Z' },
          {
            paymentId: 'pi_2',
            orderId: 'ord_x',
            status: 'refunded',
            occurredAt: '2024-01-02T00:00:00Z',
          },
          { paymentId: 'pi_3', orderId: 'ord_y', occurredAt: '2024-01-03T00:00:00Z' },
          {
            paymentId: 'pi_4',
            orderId: 'ord_z',
            status: 'authorized',
            occurredAt: '2024-01-04T00:00:00Z',
          },
        ]);
        expect(await store.getOrder('ord_x')).to.deep.include({
          status: 'partially_refunded',
          totals: { USD: { captured: 1200, refunded: 700, disputedLost: 0, net: 500 } },
          lastEventAt: '2024-01-02T00:00:00.000Z',
        });
        expect(await store.getOrder('ord_none')).to.equal(undefined);
        const first = await store.listOrders({ limit: 2 });
        expect(first.items.map((order) => order.orderId)).to.deep.equal(['ord_z', 'ord_y']);
        const rest = await store.listOrders({ limit: 2, cursor: first.nextCursor ?? '' });
        expect(rest).to.deep.include({ nextCursor: null });
        expect(rest.items.map((order) => order.orderId)).to.deep.equal(['ord_x']);
        const paid = await store.listOrders({ status: 'paid', limit: 10 });
        expect(paid.items.map((order) => order.orderId)).to.deep.equal(['ord_y']);
      });
    });

    describe('#dailyTotals', function () {
      it('reads the rows of a day range in report order, leaving out rows without a payment', async function () {
        const target = await liveTarget('daily_totals');
        const row = (day: string, status: string, count: number, amount: number) =>
          put(`${day}:stripe:USD:${status}`, at(1n), {
            day,
            gateway: 'stripe',
            currency: 'USD',
            status,
            count,
            amount,
          });
        await write(
          target,
          [
            row('2024-03-02', 'captured', 1, 100),
            row('2024-03-01', 'refunded', 2, 300),
            row('2024-03-01', 'captured', 0, 0),
            row('2024-02-28', 'captured', 4, 400),
          ],
          at(1n),
        );
        expect(await store.dailyTotals({ from: '2024-03-01', to: '2024-03-02' })).to.deep.equal([
          {
            day: '2024-03-01',
            gateway: 'stripe',
            currency: 'USD',
            status: 'refunded',
            count: 2,
            amount: 300,
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
        expect(await store.dailyTotals({ to: '2024-02-27' })).to.deep.equal([]);
      });
    });

    describe('#listParked', function () {
      it('lists parked payments by key', async function () {
        await project([
          { paymentId: 'pi_ok' },
          { paymentId: 'pi_bad', amount: 12.5 },
          { paymentId: 'pi_bad', status: 'refunded' },
        ]);
        const [parked, ...others] = await store.listParked();
        expect(others).to.deep.equal([]);
        expect(parked).to.deep.include({
          key: 'stripe:pi_bad',
          streamName: 'payment-stripe:pi_bad',
        });
        expect(parked?.eventIds).to.have.length(2);
        expect(await store.getPayment('stripe', 'pi_bad')).to.equal(undefined);
      });
    });
  });
}
