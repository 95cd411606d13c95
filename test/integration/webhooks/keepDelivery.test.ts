import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { EventStore } from '../../../src/eventStore/eventStore.js';
import { createSqliteEventStore } from '../../../src/eventStore/sqlite/sqliteEventStore.js';
import {
  DELIVERY_LISTED,
  deliveryListStream,
} from '../../../src/webhooks/deliveries/deliveryStreams.js';
import {
  keepDelivery,
  type DeliveryToKeep,
} from '../../../src/webhooks/deliveries/keepDelivery.js';
import { listDeliveries } from '../../../src/webhooks/deliveries/listDeliveries.js';
import { listPaymentDeliveries } from '../../../src/webhooks/deliveries/readDeliveries.js';
import { tempDataDir } from '../../support/tempDataDir.js';

const aDelivery = (overrides: Partial<DeliveryToKeep> = {}): DeliveryToKeep => ({
  kind: 'ignored',
  gateway: 'stripe',
  reason: 'Stripe event charge.updated does not change a payment status',
  delivery: { scheme: 'stripe-v1', secretIndex: 0, deliveryId: null },
  bytes: Buffer.from('{"id":"evt_1","type":"charge.updated"}'),
  deliveryIdIsSigned: true,
  paymentId: 'pi_1',
  eventType: 'charge.updated',
  receivedAt: new Date('2026-01-01T00:00:00Z'),
  correlationId: 'c1',
  ...overrides,
});

describe('keepDelivery', function () {
  let store: EventStore;
  let remove: () => Promise<void>;

  beforeEach(async function () {
    const dir = await tempDataDir();
    remove = dir.remove;
    store = createSqliteEventStore({ file: join(dir.dir, 'payledger.sqlite') });
  });

  afterEach(async function () {
    await store.close();
    await remove();
  });

  const everything = async () =>
    (await listDeliveries(store, { limit: 100, state: 'all' })).items.map((item) => item.id);

  it('keeps the same delivery once, also when it arrives twice at the same moment', async function () {
    const [first, second] = await Promise.all([
      keepDelivery(store, aDelivery()),
      keepDelivery(store, aDelivery()),
    ]);
    const later = await keepDelivery(store, aDelivery());

    expect(first.id).to.equal(second.id);
    expect(later.isNew).to.equal(false);
    expect(await everything()).to.deep.equal([first.id]);
    expect(await listPaymentDeliveries(store, 'stripe', 'pi_1')).to.have.length(1);
  });

  it('keeps the same body twice when it came under two signed delivery ids', async function () {
    const delivery = (id: string) => ({
      scheme: 'standard-webhooks-v1',
      secretIndex: 0,
      deliveryId: id,
    });
    await keepDelivery(store, aDelivery({ gateway: 'generic', delivery: delivery('msg_1') }));
    await keepDelivery(store, aDelivery({ gateway: 'generic', delivery: delivery('msg_2') }));
    await keepDelivery(
      store,
      aDelivery({ gateway: 'razorpay', delivery: delivery('Evt1'), deliveryIdIsSigned: false }),
    );
    await keepDelivery(
      store,
      aDelivery({ gateway: 'razorpay', delivery: delivery('Evt2'), deliveryIdIsSigned: false }),
    );

    expect((await everything()).map((id) => id.split(':')[1])).to.deep.equal([
      'generic',
      'generic',
      'razorpay',
    ]);
  });

  it('skips a pointer whose delivery was never written (a crash in between)', async function () {
    await store.appendToStream(
      deliveryListStream('ignored', 'stripe'),
      [
        {
          id: randomUUID(),
          type: DELIVERY_LISTED,
          data: { id: `ignored:stripe:${'b'.repeat(64)}` },
          metadata: {},
        },
      ],
      { expectedRevision: 'any' },
    );
    const kept = await keepDelivery(store, aDelivery());

    expect(await everything()).to.deep.equal([kept.id]);
  });

  it('lists the deliveries that name a payment, and only those', async function () {
    await keepDelivery(store, aDelivery());
    await keepDelivery(
      store,
      aDelivery({ kind: 'quarantined', bytes: Buffer.from('{"id":"evt_2"}'), reason: 'bad' }),
    );
    await keepDelivery(
      store,
      aDelivery({ bytes: Buffer.from('{"id":"evt_3"}'), paymentId: 'pi_2' }),
    );
    await keepDelivery(store, aDelivery({ bytes: Buffer.from('{"id":"evt_4"}'), paymentId: null }));

    const forPayment = await listPaymentDeliveries(store, 'stripe', 'pi_1');
    expect(forPayment.map((entry) => [entry.kind, entry.paymentId])).to.deep.equal([
      ['ignored', 'pi_1'],
      ['quarantined', 'pi_1'],
    ]);
    expect(await listPaymentDeliveries(store, 'stripe', 'pi_none')).to.deep.equal([]);
  });

  it('does not name a payment whose id could not be a stream name', async function () {
    const kept = await keepDelivery(store, aDelivery({ paymentId: '$all' }));

    const [entry] = (await listDeliveries(store, { limit: 10, state: 'all' })).items;
    expect(entry).to.deep.include({ id: kept.id, paymentId: null });
  });
});
