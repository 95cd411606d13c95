import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type {
  EventStore,
  EventToAppend,
  Subscription,
  SubscriptionMessage,
} from '../../../src/eventStore/eventStore.js';
import {
  StoreUnavailableError,
  StreamRevisionConflictError,
} from '../../../src/eventStore/eventStoreErrors.js';
import {
  createEventStoreDbEventStore,
  type EventStoreDbEventStoreOptions,
} from '../../../src/eventStore/eventStoreDb/eventStoreDbEventStore.js';
import { describeEventStoreContract } from '../../contract/eventStore.contract.js';
import {
  startEventStoreDbStandIn,
  type EventStoreDbStandIn,
  type StandInOptions,
} from '../../support/eventStoreDbStandIn/startEventStoreDbStandIn.js';

const realServerUrl = process.env.EVENTSTORE_URL;
console.log(
  realServerUrl
    ? `EventStoreDB contract: running against the stand-in and the real server at ${realServerUrl}`
    : 'EventStoreDB contract: running against the stand-in only (set EVENTSTORE_URL to add a real server)',
);

function onStandIn(standInOptions: StandInOptions = {}) {
  return async () => {
    const standIn = await startEventStoreDbStandIn(standInOptions);
    const store = createEventStoreDbEventStore({ connectionString: standIn.connectionString });
    return {
      store,
      teardown: async () => {
        await store.close();
        await standIn.stop();
      },
    };
  };
}

describeEventStoreContract('EventStoreDB adapter on the stand-in', onStandIn());
describeEventStoreContract(
  'EventStoreDB adapter on the stand-in posing as a pre-23.10 server (Append, no caughtUp)',
  onStandIn({ batchAppend: false, serverVersion: '22.10' }),
);
if (realServerUrl) {
  describeEventStoreContract(`EventStoreDB adapter on ${realServerUrl}`, () => {
    const store = createEventStoreDbEventStore({ connectionString: realServerUrl });
    return Promise.resolve({ store, teardown: () => store.close() });
  });
}

const anEvent = (): EventToAppend => ({
  id: randomUUID(),
  type: 'PaymentCaptured',
  data: { amount: 1999, currency: 'USD' },
  metadata: {},
});

async function expectUnavailable(promise: Promise<unknown>): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(StoreUnavailableError);
    return;
  }
  expect.fail('the call succeeded, but StoreUnavailableError was expected');
}

async function nextNonCheckpoint(
  iterator: AsyncIterator<SubscriptionMessage>,
): Promise<SubscriptionMessage> {
  for (;;) {
    const next = await iterator.next();
    if (next.done) throw new Error('the subscription ended');
    if (next.value.kind !== 'checkpoint') return next.value;
  }
}

const eventIdOf = (message: SubscriptionMessage) =>
  message.kind === 'event' ? message.event.id : message.kind;

describe('EventStoreDB event store', function () {
  const fastRetry: Partial<EventStoreDbEventStoreOptions> = {
    deadlineMs: 2_000,
    resubscribeBackoff: { initialDelayMs: 20, maxDelayMs: 200 },
  };

  context('when the node is stopped', function () {
    it('rejects appends, reads and pings with StoreUnavailableError', async function () {
      const standIn = await startEventStoreDbStandIn();
      const store = createEventStoreDbEventStore({
        connectionString: standIn.connectionString,
        ...fastRetry,
      });
      try {
        await store.appendToStream(`payment-test:${randomUUID()}`, [anEvent()], {
          expectedRevision: 'no_stream',
        });
        await standIn.stop();

        await expectUnavailable(
          store.appendToStream(`payment-test:${randomUUID()}`, [anEvent()], {
            expectedRevision: 'no_stream',
          }),
        );
        await expectUnavailable(store.readStream(`payment-test:${randomUUID()}`));
        await expectUnavailable(store.readAll({ maxCount: 10 }));
        await expectUnavailable(store.ping());
      } finally {
        await store.close();
      }
    });
  });

  context('when the node accepts connections but never answers', function () {
    let silent: Server;
    const sockets = new Set<Socket>();

    before(async function () {
      silent = createServer((socket) => sockets.add(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    });

    after(async function () {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    });

    it('gives up after the deadline with StoreUnavailableError', async function () {
      const address = silent.address();
      if (address === null || typeof address === 'string') throw new Error('no TCP address');
      const store = createEventStoreDbEventStore({
        connectionString: `esdb://127.0.0.1:${address.port}?tls=false`,
        deadlineMs: 500,
      });
      try {
        await expectUnavailable(
          store.appendToStream(`payment-test:${randomUUID()}`, [anEvent()], {
            expectedRevision: 'any',
          }),
        );
        await expectUnavailable(store.readStream(`payment-test:${randomUUID()}`));
      } finally {
        await store.close();
      }
    });
  });

  context('when the node restarts under a live subscription', function () {
    it('resubscribes from the last position and delivers each event once', async function () {
      const standIn = await startEventStoreDbStandIn();
      const drops: Error[] = [];
      const store = createEventStoreDbEventStore({
        connectionString: standIn.connectionString,
        ...fastRetry,
        onSubscriptionDrop: (error) => drops.push(error),
      });
      const prefix = `payment-restart${randomUUID().replaceAll('-', '')}-`;
      let subscription: Subscription | undefined;
      try {
        const before = anEvent();
        await store.appendToStream(`${prefix}a`, [before], { expectedRevision: 'no_stream' });
        subscription = store.subscribeToAll({ streamPrefixes: [prefix] });
        const iterator = subscription[Symbol.asyncIterator]();
        expect(eventIdOf(await nextNonCheckpoint(iterator))).to.equal(before.id);
        expect(eventIdOf(await nextNonCheckpoint(iterator))).to.equal('caughtUp');

        await standIn.stop();
        await standIn.start();
        const afterRestart = anEvent();
        await appendWhenBack(store, `${prefix}b`, afterRestart);

        expect(eventIdOf(await nextNonCheckpoint(iterator))).to.equal(afterRestart.id);
        expect(drops[0]).to.be.instanceOf(StoreUnavailableError);
      } finally {
        await subscription?.close();
        await store.close();
        await standIn.stop();
      }
    });
  });

  context('when a prefix filter skips many events', function () {
    it('still reports checkpoints past the skipped events', async function () {
      const standIn = await startEventStoreDbStandIn();
      const store = createEventStoreDbEventStore({ connectionString: standIn.connectionString });
      const subscription = store.subscribeToAll({ streamPrefixes: ['payment-nothing-matches-'] });
      try {
        for (let i = 0; i < 40; i += 1) {
          await store.appendToStream(`other-${i}`, [anEvent()], { expectedRevision: 'no_stream' });
        }
        const [last] = await store.readAll({ maxCount: 1, streamPrefixes: ['other-39'] });
        const iterator = subscription[Symbol.asyncIterator]();
        let message = await iterator.next();
        while (!message.done && message.value.kind !== 'checkpoint')
          message = await iterator.next();

        expect(message.value).to.have.property('kind', 'checkpoint');
        const checkpoint = message.value as Extract<SubscriptionMessage, { kind: 'checkpoint' }>;
        expect(checkpoint.position.commit <= last!.position.commit).to.equal(true);
      } finally {
        await subscription.close();
        await store.close();
        await standIn.stop();
      }
    });
  });

  context('when a subscription has no prefix filter', function () {
    it('delivers the history without system events, then caughtUp', async function () {
      const standIn = await startEventStoreDbStandIn();
      const store = createEventStoreDbEventStore({ connectionString: standIn.connectionString });
      const subscription = store.subscribeToAll();
      try {
        const event = anEvent();
        await store.appendToStream(`payment-test:${randomUUID()}`, [event], {
          expectedRevision: 'no_stream',
        });
        const iterator = subscription[Symbol.asyncIterator]();
        const seen: SubscriptionMessage[] = [];
        for (
          let next = await nextNonCheckpoint(iterator);
          ;
          next = await nextNonCheckpoint(iterator)
        ) {
          seen.push(next);
          if (next.kind === 'caughtUp') break;
        }

        expect(seen.map(eventIdOf)).to.deep.equal([event.id, 'caughtUp']);
      } finally {
        await subscription.close();
        await store.close();
        await standIn.stop();
      }
    });
  });

  context('when the store is closed', function () {
    it('ends the subscriptions still open on it', async function () {
      const standIn = await startEventStoreDbStandIn();
      const store = createEventStoreDbEventStore({ connectionString: standIn.connectionString });
      try {
        const iterator = store.subscribeToAll()[Symbol.asyncIterator]();
        expect(eventIdOf(await nextNonCheckpoint(iterator))).to.equal('caughtUp');

        const pending = iterator.next();
        await store.close();
        expect(await pending).to.deep.equal({ done: true, value: undefined });
      } finally {
        await standIn.stop();
      }
    });
  });

  context("when the catch-up's last page ends exactly at the end of the log", function () {
    it('reports caughtUp only after the checkpoint (P, 0), and resuming there misses nothing', async function () {
      await withStandInStore({ systemProjections: false }, async (store) => {
        const stream = `payment-test:${randomUUID()}`;
        // 5 system events and 59 of these fill two pages of 32 exactly.
        for (let index = 0; index < 59; index += 1) {
          await store.appendToStream(stream, [anEvent()], { expectedRevision: 'any' });
        }
        const seen = await untilCaughtUp(store.subscribeToAll());
        const next = anEvent();
        const written = await store.appendToStream(stream, [next], { expectedRevision: 'any' });
        const checkpoint = { commit: written.position.commit, prepare: 0n };

        expect(seen.slice(-2)).to.deep.equal([
          { kind: 'checkpoint', position: checkpoint },
          { kind: 'caughtUp', position: checkpoint },
        ]);
        const resumed = await untilCaughtUp(store.subscribeToAll({ after: checkpoint }));
        expect(resumed.filter((m) => m.kind !== 'checkpoint').map(eventIdOf)).to.deep.equal([
          next.id,
          'caughtUp',
        ]);
      });
    });
  });

  context(
    'when a 24.10 server ends a catch-up that matched nothing with (2^64 - 1, 2^64 - 1)',
    function () {
      it('passes no such checkpoint on, so nothing resumes from "the end"', async function () {
        await withStandInStore({ serverVersion: '24.10' }, async (store) => {
          const subscription = store.subscribeToAll({ streamPrefixes: ['payment-nothing-yet-'] });

          expect(await untilCaughtUp(subscription)).to.deep.equal([
            { kind: 'caughtUp', position: undefined },
          ]);
        });
      });
    },
  );

  context('when a server without caughtUp has a system event at the head of $all', function () {
    it('reports caughtUp at the checkpoint that passes the head', async function () {
      await withStandInStore({ serverVersion: '22.10' }, async (store, standIn) => {
        const prefix = `payment-head${randomUUID().replaceAll('-', '')}-`;
        const event = anEvent();
        await store.appendToStream(`${prefix}a`, [event], { expectedRevision: 'no_stream' });
        standIn.writeStatsEvent();
        const seen = await untilCaughtUp(store.subscribeToAll({ streamPrefixes: [prefix] }));

        expect(seen.filter((m) => m.kind !== 'checkpoint').map(eventIdOf)).to.deep.equal([
          event.id,
          'caughtUp',
        ]);
      });
    });
  });

  context('when the node has just restarted and is not ready yet', function () {
    it('rejects what it cannot serve with StoreUnavailableError, and works once it leads', async function () {
      await withStandInStore({}, async (store, standIn) => {
        const stream = `payment-test:${randomUUID()}`;
        const appendSecond = () =>
          store.appendToStream(stream, [anEvent()], { expectedRevision: 0n });
        await store.appendToStream(stream, [anEvent()], { expectedRevision: 'no_stream' });
        await standIn.kill();
        await expectUnavailable(store.readStream(stream));
        await standIn.start({ holdIn: 'initializing' });

        await expectUnavailable(store.readStream(stream));
        await expectUnavailable(appendSecond());
        standIn.holdIn('preLeader');
        expect(await store.readStream(stream)).to.have.length(1);
        await expectUnavailable(appendSecond());
        standIn.holdIn('leader');
        await appendSecond();
        expect(await store.readStream(stream)).to.have.length(2);
      });
    });
  });

  context('when connected through gossip discovery', function () {
    it('finds the leader and appends and reads through it', async function () {
      const standIn = await startEventStoreDbStandIn();
      const store = createEventStoreDbEventStore({
        connectionString: standIn.discoverConnectionString,
      });
      const stream = `payment-test:${randomUUID()}`;
      try {
        const event = anEvent();
        await store.appendToStream(stream, [event], { expectedRevision: 'no_stream' });

        expect((await store.readStream(stream)).map((e) => e.id)).to.deep.equal([event.id]);
      } finally {
        await store.close();
        await standIn.stop();
      }
    });
  });

  context('when an append conflicts', function () {
    it('reports the actual revision of the stream', async function () {
      await withStandInStore({}, async (store) => {
        const stream = `payment-test:${randomUUID()}`;
        await store.appendToStream(stream, [anEvent(), anEvent()], { expectedRevision: 'any' });
        const error: unknown = await store
          .appendToStream(stream, [anEvent()], { expectedRevision: 'no_stream' })
          .then(
            () => undefined,
            (rejection: unknown) => rejection,
          );

        expect(error).to.be.instanceOf(StreamRevisionConflictError);
        expect(error).to.include({ streamName: stream, expectedRevision: 'no_stream' });
        expect((error as StreamRevisionConflictError).actualRevision).to.equal(1n);
      });
    });
  });
});

/** A fresh stand-in and a store on it (quick to resubscribe), both closed afterwards. */
async function withStandInStore(
  standInOptions: StandInOptions,
  test: (store: EventStore, standIn: EventStoreDbStandIn) => Promise<void>,
): Promise<void> {
  const standIn = await startEventStoreDbStandIn(standInOptions);
  const store = createEventStoreDbEventStore({
    connectionString: standIn.connectionString,
    deadlineMs: 2_000,
    resubscribeBackoff: { initialDelayMs: 20, maxDelayMs: 200 },
  });
  try {
    await test(store, standIn);
  } finally {
    await store.close();
    await standIn.stop();
  }
}

/** Every message up to and including `caughtUp`; the subscription is closed afterwards. */
async function untilCaughtUp(subscription: Subscription): Promise<SubscriptionMessage[]> {
  const seen: SubscriptionMessage[] = [];
  try {
    for await (const message of subscription) {
      seen.push(message);
      if (message.kind === 'caughtUp') return seen;
    }
    throw new Error('the subscription ended before caughtUp');
  } finally {
    await subscription.close();
  }
}

/** The first call after a restart may still see the old, broken connection: retry briefly. */
async function appendWhenBack(store: EventStore, stream: string, event: EventToAppend) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await store.appendToStream(stream, [event], { expectedRevision: 'any' });
    } catch (error) {
      if (!(error instanceof StoreUnavailableError) || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
