import { expect } from 'chai';
import { join } from 'node:path';
import { systemClock } from '../../../src/domain/clock.js';
import type { EventStore } from '../../../src/eventStore/eventStore.js';
import { StoreUnavailableError } from '../../../src/eventStore/eventStoreErrors.js';
import { createSqliteEventStore } from '../../../src/eventStore/sqlite/sqliteEventStore.js';
import { createGatewayRegistry } from '../../../src/webhooks/gatewayRegistry.js';
import { decodeStandardWebhookSecret } from '../../../src/webhooks/gateways/generic/standardWebhookSecret.js';
import { createIngestWebhook, type IngestWebhook } from '../../../src/webhooks/ingestWebhook.js';
import { aGenericPayment } from '../../support/builders.js';
import { loadFixture } from '../../support/gatewayFixtures.js';
import { rejection } from '../../support/rejection.js';
import { GENERIC_SECRET, signStandardWebhook } from '../../support/signStandardWebhook.js';
import { signStripe } from '../../support/signStripe.js';
import { storedRecords } from '../../support/storedRecords.js';
import { tempDataDir } from '../../support/tempDataDir.js';
import { withAppends } from '../../support/withAppends.js';

const STRIPE_SECRET = 'whsec_payledger_redelivery_test';
const gateways = createGatewayRegistry({
  secrets: {
    stripe: [STRIPE_SECRET],
    razorpay: [],
    generic: [decodeStandardWebhookSecret(GENERIC_SECRET)!],
  },
  ippopay: undefined,
  webhookToleranceSeconds: 300,
});

/** A generic delivery: its body, signed afresh (a new timestamp) each time it is sent. */
function aGenericDelivery(id: string) {
  const rawBody = Buffer.from(JSON.stringify(aGenericPayment()));
  return () => ({ headers: { ...signStandardWebhook(rawBody, { id }) }, rawBody });
}

/** The sqlite store, with its first `failures` appends refused as by a store that is down. */
function failingFirst(store: EventStore, failures: number): EventStore {
  let left = failures;
  return withAppends(store, (streamName, events, options) => {
    if (left > 0) {
      left -= 1;
      return Promise.reject(new StoreUnavailableError());
    }
    return store.appendToStream(streamName, events, options);
  });
}

describe('ingestWebhook with redeliveries', function () {
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

  const ingestWith = (eventStore: EventStore, rememberedDeliveries?: number): IngestWebhook =>
    createIngestWebhook({
      eventStore,
      clock: systemClock,
      maxPendingWebhooks: 100,
      ...(rememberedDeliveries === undefined ? {} : { rememberedDeliveries }),
    });

  context('when a delivery was stored', function () {
    it('answers its redelivery duplicate without the store, even when the store is down', async function () {
      const ingest = ingestWith(store);
      const delivery = aGenericDelivery('msg_stored');
      const first = await ingest(gateways('generic'), delivery(), 'c1');
      await store.close();

      const again = await ingest(gateways('generic'), delivery(), 'c2');

      expect(first.outcome).to.equal('accepted');
      expect(again).to.deep.equal({
        outcome: 'duplicate',
        eventId: first.outcome === 'accepted' ? first.eventId : '',
      });
    });

    it('asks the store about a redelivery whose body differs from the one stored', async function () {
      const ingest = ingestWith(store);
      const first = aGenericDelivery('msg_same_id')();
      const other = aGenericDelivery('msg_same_id')();
      await ingest(gateways('generic'), first, 'c1');
      await store.close();

      const error = await rejection(ingest(gateways('generic'), other, 'c2'));

      expect(error).to.be.instanceOf(StoreUnavailableError);
    });

    it('recognizes a Stripe event signed again later by its bytes alone', async function () {
      const ingest = ingestWith(store);
      const { rawBody } = loadFixture('stripe', 'payment_intent.succeeded');
      const now = Math.floor(Date.now() / 1000);
      const signed = (at: number) => ({
        headers: { 'stripe-signature': signStripe(rawBody, STRIPE_SECRET, at) },
        rawBody,
      });
      const first = await ingest(gateways('stripe'), signed(now - 60), 'c1');
      await store.close();

      const again = await ingest(gateways('stripe'), signed(now), 'c2');

      expect(first.outcome).to.equal('accepted');
      expect(again.outcome).to.equal('duplicate');
    });
  });

  context('when the append of the first delivery failed', function () {
    it('stores the redelivery rather than calling it a duplicate', async function () {
      const ingest = ingestWith(failingFirst(store, 1));
      const delivery = aGenericDelivery('msg_retried');

      const failed = await rejection(ingest(gateways('generic'), delivery(), 'c1'));
      const retried = await ingest(gateways('generic'), delivery(), 'c2');

      expect(failed).to.be.instanceOf(StoreUnavailableError);
      expect(retried.outcome).to.equal('accepted');
      expect(await storedRecords(store)).to.have.length(1);
    });
  });

  context('when more deliveries were stored than it remembers', function () {
    it('forgets the oldest first, whose redelivery then goes to the store', async function () {
      const ingest = ingestWith(store, 1);
      const older = aGenericDelivery('msg_older');
      const newer = aGenericDelivery('msg_newer');
      await ingest(gateways('generic'), older(), 'c1');
      await ingest(gateways('generic'), newer(), 'c2');
      await store.close();

      const newerAgain = await ingest(gateways('generic'), newer(), 'c3');
      const olderAgain = await rejection(ingest(gateways('generic'), older(), 'c4'));

      expect(newerAgain.outcome).to.equal('duplicate');
      expect(olderAgain).to.be.instanceOf(StoreUnavailableError);
    });
  });
});
