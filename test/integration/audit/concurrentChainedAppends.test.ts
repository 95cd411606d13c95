import { expect } from 'chai';
import { join } from 'node:path';
import { checkStreamChain } from '../../../src/audit/chain/checkStreamChain.js';
import type { PaymentEvent } from '../../../src/domain/paymentEvent.js';
import type { EventStore } from '../../../src/eventStore/eventStore.js';
import { createEventStoreDbEventStore } from '../../../src/eventStore/eventStoreDb/eventStoreDbEventStore.js';
import { createSqliteEventStore } from '../../../src/eventStore/sqlite/sqliteEventStore.js';
import { appendPaymentEvent } from '../../../src/webhooks/appendPaymentEvent.js';
import { aGenericPayment } from '../../support/builders.js';
import { startEventStoreDbStandIn } from '../../support/eventStoreDbStandIn/startEventStoreDbStandIn.js';
import { aPaymentEvent } from '../../support/paymentEvents.js';
import { signStandardWebhook } from '../../support/signStandardWebhook.js';
import { AUDITOR_TOKEN, startApp } from '../../support/startApp.js';
import { tempDataDir } from '../../support/tempDataDir.js';

const WRITERS = 2;
const PER_WRITER = 15;

/** Two independent clients of one store: the races a second service instance brings. */
const adapters: {
  name: string;
  open: () => Promise<{
    stores: EventStore[];
    env: Record<string, string>;
    close: () => Promise<void>;
  }>;
}[] = [
  {
    name: 'SQLite (two connections, two writer threads, one file)',
    async open() {
      const { dir, remove } = await tempDataDir();
      const file = join(dir, 'payledger.sqlite');
      const stores = Array.from({ length: WRITERS }, () => createSqliteEventStore({ file }));
      return {
        stores,
        env: {},
        close: async () => {
          await Promise.all(stores.map((store) => store.close()));
          await remove();
        },
      };
    },
  },
  {
    name: 'the EventStoreDB stand-in (two clients)',
    async open() {
      const standIn = await startEventStoreDbStandIn();
      const stores = Array.from({ length: WRITERS }, () =>
        createEventStoreDbEventStore({ connectionString: standIn.connectionString }),
      );
      return {
        stores,
        env: { EVENTSTORE_URL: standIn.connectionString },
        close: async () => {
          await Promise.all(stores.map((store) => store.close()));
          await standIn.stop();
        },
      };
    },
  },
];

describe('Chained appends to one payment stream under concurrency', function () {
  this.timeout(30_000);

  for (const adapter of adapters) {
    context(`on ${adapter.name}`, function () {
      it('stores every one of 30 racing appends once, chained in revision order', async function () {
        const { stores, close } = await adapter.open();
        try {
          const stream = 'payment-stripe:pi_race';
          const outcomes = await Promise.all(
            Array.from({ length: WRITERS * PER_WRITER }, (_, i) => {
              const { streamName: _s, ...event } = aPaymentEvent({ paymentId: 'pi_race' });
              const store = stores[i % WRITERS]!;
              return appendPaymentEvent(store, stream, event as unknown as PaymentEvent);
            }),
          );

          const events = await stores[0]!.readStream(stream);
          expect(outcomes.every((outcome) => outcome.kind === 'appended')).to.equal(true);
          expect(events.map((event) => event.revision)).to.deep.equal(
            Array.from({ length: WRITERS * PER_WRITER }, (_, i) => BigInt(i)),
          );
          expect(checkStreamChain(stream, events).problems).to.deep.equal([]);
        } finally {
          await close();
        }
      });

      it('accepts 30 concurrent webhooks for one payment, and the history chain is whole', async function () {
        const { env, close } = await adapter.open();
        const app = await startApp({ ...env, AUDIT_DIGEST_INTERVAL_SECONDS: '0' });
        try {
          const answers = await Promise.all(
            Array.from({ length: 30 }, async (_, i) => {
              const body = JSON.stringify(
                aGenericPayment({
                  paymentId: 'pay_race',
                  status: i % 2 ? 'completed' : 'authorized',
                }),
              );
              return (await app.post('/webhooks/generic', body, { ...signStandardWebhook(body) }))
                .status;
            }),
          );
          const history = (await (
            await app.get('/payments/generic/pay_race/history', AUDITOR_TOKEN)
          ).json()) as {
            events: {
              eventId: string;
              type: string;
              revision: string;
              data: never;
              metadata: never;
            }[];
          };

          expect(answers).to.deep.equal(Array.from({ length: 30 }, () => 200));
          const events = history.events.map((event) => ({
            id: event.eventId,
            type: event.type,
            revision: BigInt(event.revision),
            data: event.data,
            metadata: event.metadata,
          }));
          expect(events).to.have.length(30);
          expect(checkStreamChain('payment-generic:pay_race', events).problems).to.deep.equal([]);
        } finally {
          await app.stop();
          await close();
        }
      });
    });
  }
});
