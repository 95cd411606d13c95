import { expect } from 'chai';
import type { GlobalPosition } from '../../src/eventStore/eventStore.js';
import type { ProjectionTarget } from '../../src/readModels/documentStore.js';
import {
  LeaseLostError,
  type Lease,
  type WriteFence,
} from '../../src/readModels/projectionLeases.js';
import type { ReadModelStoreFixture } from './readModelStore.contract.js';

const at = (commit: bigint): GlobalPosition => ({ commit, prepare: commit });
const T0 = new Date('2026-01-01T00:00:00.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const INDEXES = [{ name: 'status', fields: [{ field: 'status' }] }];

/** A fence as a holder that believes it still holds `lease` would carry it. */
const fenceOf = (lease: Lease, held: () => boolean = () => true): WriteFence => ({
  lease: lease.name,
  token: lease.token,
  assertHeld() {
    if (!held()) throw new LeaseLostError('lapsed');
  },
});

async function expectLeaseLost(promise: Promise<unknown>): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(LeaseLostError);
    return;
  }
  expect.fail('expected a LeaseLostError');
}

/** The promises of the `ProjectionLeases` port and of fenced writes, once per adapter. */
export function describeProjectionLeasesContract(
  adapterName: string,
  open: () => Promise<ReadModelStoreFixture>,
): void {
  describe(`ProjectionLeases contract: ${adapterName}`, function () {
    let fixture: ReadModelStoreFixture;

    beforeEach(async function () {
      fixture = await open();
    });
    afterEach(async function () {
      await fixture.teardown();
    });

    describe('#acquireLease, #renewLease and #releaseLease', function () {
      it('gives the lease to one holder until it expires, then to the next with a higher token', async function () {
        const { store } = fixture;
        const a = await store.acquireLease('projections', 'a', 15_000, T0);
        const refused = await store.acquireLease('projections', 'b', 15_000, later(14_000));
        const taken = await store.acquireLease('projections', 'b', 15_000, later(15_001));

        expect(a).to.deep.equal({
          name: 'projections',
          holder: 'a',
          token: 1,
          expiresAt: later(15_000),
        });
        expect(refused).to.deep.equal(a);
        expect(taken).to.deep.equal({
          name: 'projections',
          holder: 'b',
          token: 2,
          expiresAt: later(30_001),
        });
        expect(await store.readLease('projections')).to.deep.equal(taken);
      });

      it('renews a lease only for its holder with its token, and a released lease is free at once', async function () {
        const { store } = fixture;
        const a = await store.acquireLease('projections', 'a', 15_000, T0);
        const renewed = await store.renewLease(a, 15_000, later(10_000));
        expect(renewed?.expiresAt).to.deep.equal(later(25_000));
        expect(await store.acquireLease('projections', 'b', 15_000, later(20_000))).to.deep.include(
          {
            holder: 'a',
          },
        );
        const b = await store.acquireLease('projections', 'b', 15_000, later(25_001));

        expect(await store.renewLease(a, 15_000, later(26_000))).to.equal(undefined);
        await store.releaseLease(a);
        expect(await store.readLease('projections')).to.deep.equal(b);
        await store.releaseLease(b);
        const c = await store.acquireLease('projections', 'c', 15_000, later(26_000));
        expect(c).to.deep.include({ holder: 'c', token: 3 });
      });

      it('keeps leases of different names apart', async function () {
        const { store } = fixture;
        await store.acquireLease('rebuild:orders', 'a', 15_000, T0);
        const other = await store.acquireLease('rebuild:payments', 'b', 15_000, T0);
        expect(other).to.deep.include({ holder: 'b', token: 1 });
        expect(await store.readLease('rebuild:daily_totals')).to.equal(undefined);
      });
    });

    describe('fenced #write', function () {
      /** Holder a prepares and writes under token 1, then b takes the lease over (token 2). */
      async function takenOver(): Promise<{
        target: ProjectionTarget;
        stale: Lease;
        current: Lease;
      }> {
        const { store } = fixture;
        const target = await store.liveTarget('orders');
        const stale = await store.acquireLease('projections', 'a', 15_000, T0);
        await store.prepare(target, INDEXES, 1, fenceOf(stale));
        await store.write(
          [
            {
              target,
              changes: [
                { key: 'ord_1', expected: undefined, next: { position: at(1n), body: { n: 1 } } },
              ],
              checkpoint: at(1n),
              version: 1,
            },
          ],
          fenceOf(stale),
        );
        const current = await store.acquireLease('projections', 'b', 15_000, later(20_000));
        await store.prepare(target, INDEXES, 1, fenceOf(current));
        return { target, stale, current };
      }
      const change = (key: string, position: bigint, expected?: bigint) => ({
        key,
        expected: expected === undefined ? undefined : at(expected),
        next: { position: at(position), body: { n: Number(position) } },
      });

      it('refuses a stale holder’s write and keeps the checkpoint and documents of the new one', async function () {
        const { store } = fixture;
        const { target, stale, current } = await takenOver();
        await store.write(
          [{ target, changes: [change('ord_1', 2n, 1n)], checkpoint: at(2n), version: 1 }],
          fenceOf(current),
        );

        await expectLeaseLost(
          store.write(
            [{ target, changes: [change('ord_2', 3n)], checkpoint: at(3n), version: 1 }],
            fenceOf(stale, () => false),
          ),
        );
        expect((await store.readCheckpoints([target])).get('orders')?.position).to.deep.equal(
          at(2n),
        );
        expect([...(await store.load(target, ['ord_1', 'ord_2'])).keys()]).to.deep.equal(['ord_1']);
      });

      it('refuses the checkpoint of a stale holder that still believes it holds the lease', async function () {
        const { store } = fixture;
        const { target, stale } = await takenOver();

        await expectLeaseLost(
          store.write(
            [{ target, changes: [change('ord_3', 3n)], checkpoint: at(3n), version: 1 }],
            fenceOf(stale),
          ),
        );
        expect((await store.readCheckpoints([target])).get('orders')?.position).to.deep.equal(
          at(1n),
        );
        if (store.atomicBatches) {
          expect(await store.load(target, ['ord_3'])).to.deep.equal(new Map());
        }
      });
    });
  });
}
