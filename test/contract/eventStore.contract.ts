import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type {
  EventStore,
  EventToAppend,
  GlobalPosition,
  RecordedEvent,
  Subscription,
  SubscriptionMessage,
} from '../../src/eventStore/eventStore.js';
import {
  AppendTooLargeError,
  StreamRevisionConflictError,
} from '../../src/eventStore/eventStoreErrors.js';

export interface EventStoreFixture {
  /** Configured to take at most `CONTRACT_MAX_APPEND_BYTES` per append. */
  readonly store: EventStore;
  readonly teardown: () => Promise<void>;
}

/** EventStoreDB's default `MaxAppendSize`; every adapter under this suite is set to it. */
export const CONTRACT_MAX_APPEND_BYTES = 1_048_576;

const anEvent = (overrides: Partial<EventToAppend> = {}): EventToAppend => ({
  id: randomUUID(),
  type: 'PaymentCaptured',
  data: {
    amount: 1999,
    currency: 'USD',
    note: 'größe ✓ "quoted"',
    nested: { list: [1, null, true] },
  },
  metadata: { correlationId: randomUUID() },
  ...overrides,
});

async function expectConflict(promise: Promise<unknown>): Promise<StreamRevisionConflictError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(StreamRevisionConflictError);
    return error as StreamRevisionConflictError;
  }
  expect.fail('the append succeeded, but a revision conflict was expected');
}

async function take(
  iterator: AsyncIterator<SubscriptionMessage>,
  count: number,
): Promise<SubscriptionMessage[]> {
  const messages: SubscriptionMessage[] = [];
  while (messages.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    if (next.value.kind !== 'checkpoint') messages.push(next.value);
  }
  return messages;
}

/** Messages up to and including `caughtUp`, and the last position seen (event or checkpoint). */
async function untilCaughtUp(subscription: Subscription): Promise<{
  readonly eventIds: string[];
  readonly caughtUpAt: GlobalPosition | undefined;
}> {
  const eventIds: string[] = [];
  for await (const message of subscription) {
    if (message.kind === 'event') eventIds.push(message.event.id);
    if (message.kind === 'caughtUp') return { eventIds, caughtUpAt: message.position };
  }
  throw new Error('the subscription ended before caughtUp');
}

const summary = (event: RecordedEvent) => ({
  id: event.id,
  streamName: event.streamName,
  revision: event.revision,
});

/**
 * The promises of the `EventStore` port, registered once per adapter. Every test uses fresh,
 * random stream names, so the suite also runs against a long-lived shared server.
 */
export function describeEventStoreContract(
  adapterName: string,
  openStore: () => Promise<EventStoreFixture>,
): void {
  describe(`EventStore contract: ${adapterName}`, function () {
    let store: EventStore;
    let teardown: () => Promise<void>;
    let prefix: string;
    let stream: string;

    beforeEach(async function () {
      ({ store, teardown } = await openStore());
      prefix = `contract${randomUUID().replaceAll('-', '')}-`;
      stream = `${prefix}a`;
    });

    afterEach(async function () {
      await teardown();
    });

    /** a, b and c in two streams, and (b's commit, 0): between a and b, as (P, 0) is. */
    async function threeEventsAndAPositionBelowTheSecond() {
      const [a, b, c] = [anEvent(), anEvent(), anEvent()];
      await store.appendToStream(`${prefix}one`, [a], { expectedRevision: 'no_stream' });
      await store.appendToStream(`${prefix}two`, [b], { expectedRevision: 'no_stream' });
      await store.appendToStream(`${prefix}one`, [c], { expectedRevision: 0n });
      const [, recordedB] = await store.readAll({ maxCount: 2, streamPrefixes: [prefix] });
      const belowB: GlobalPosition = { commit: recordedB!.position.commit, prepare: 0n };
      return { b, c, belowB };
    }

    describe('#appendToStream', function () {
      it('writes a new stream from revision 0 and reads the events back unchanged', async function () {
        const first = anEvent();
        const second = anEvent({ type: 'PaymentRefunded' });
        const result = await store.appendToStream(stream, [first, second], {
          expectedRevision: 'no_stream',
        });

        expect(result.nextExpectedRevision).to.equal(1n);
        const events = await store.readStream(stream);
        expect(events.map((e) => [e.id, e.type, e.revision, e.streamName])).to.deep.equal([
          [first.id, 'PaymentCaptured', 0n, stream],
          [second.id, 'PaymentRefunded', 1n, stream],
        ]);
        expect(events[0]?.data).to.deep.equal(first.data);
        expect(events[0]?.metadata).to.deep.equal(first.metadata);
        expect(events[1]?.position).to.deep.equal(result.position);
        expect(events[0]!.position.commit < events[1]!.position.commit).to.be.true;
      });

      it('appends at the exact revision of the last event', async function () {
        await store.appendToStream(stream, [anEvent()], { expectedRevision: 'no_stream' });
        const result = await store.appendToStream(stream, [anEvent()], { expectedRevision: 0n });

        expect(result.nextExpectedRevision).to.equal(1n);
        expect(await store.readStream(stream)).to.have.length(2);
      });

      it('appends with any whatever the stream holds', async function () {
        await store.appendToStream(stream, [anEvent()], { expectedRevision: 'any' });
        const result = await store.appendToStream(stream, [anEvent()], { expectedRevision: 'any' });

        expect(result.nextExpectedRevision).to.equal(1n);
      });

      context('when the expected revision is wrong', function () {
        it('rejects no_stream on an existing stream and stores nothing', async function () {
          await store.appendToStream(stream, [anEvent()], { expectedRevision: 'no_stream' });
          const error = await expectConflict(
            store.appendToStream(stream, [anEvent()], { expectedRevision: 'no_stream' }),
          );

          expect(error.streamName).to.equal(stream);
          expect(await store.readStream(stream)).to.have.length(1);
        });

        it('rejects a revision ahead of the stream', async function () {
          await store.appendToStream(stream, [anEvent()], { expectedRevision: 'no_stream' });
          await expectConflict(store.appendToStream(stream, [anEvent()], { expectedRevision: 3n }));
          expect(await store.readStream(stream)).to.have.length(1);
        });

        it('rejects a revision behind the stream when the ids differ', async function () {
          await store.appendToStream(stream, [anEvent(), anEvent()], {
            expectedRevision: 'no_stream',
          });
          await expectConflict(store.appendToStream(stream, [anEvent()], { expectedRevision: 0n }));
          expect(await store.readStream(stream)).to.have.length(2);
        });

        it('rejects an exact revision on a stream that does not exist', async function () {
          await expectConflict(store.appendToStream(stream, [anEvent()], { expectedRevision: 0n }));
          expect(await store.readStream(stream)).to.deep.equal([]);
        });
      });

      context(
        'when the same event ids are appended again at the same expected revision',
        function () {
          it('succeeds idempotently for no_stream with the original position and stores nothing new', async function () {
            const event = anEvent();
            const first = await store.appendToStream(stream, [event], {
              expectedRevision: 'no_stream',
            });
            const again = await store.appendToStream(stream, [event], {
              expectedRevision: 'no_stream',
            });

            expect(again.nextExpectedRevision).to.equal(first.nextExpectedRevision);
            expect(again.position).to.deep.equal(first.position);
            expect((await store.readStream(stream)).map((e) => e.id)).to.deep.equal([event.id]);
          });

          it('succeeds idempotently for an exact revision with the original position and stores nothing new', async function () {
            const opening = anEvent();
            const event = anEvent();
            await store.appendToStream(stream, [opening], { expectedRevision: 'no_stream' });
            const first = await store.appendToStream(stream, [event], { expectedRevision: 0n });
            const again = await store.appendToStream(stream, [event], { expectedRevision: 0n });

            expect(again.nextExpectedRevision).to.equal(1n);
            expect(again.position).to.deep.equal(first.position);
            expect((await store.readStream(stream)).map((e) => e.id)).to.deep.equal([
              opening.id,
              event.id,
            ]);
          });
        },
      );

      context('when the append is larger than the store takes', function () {
        // data + metadata + type in UTF-16, as EventStoreDB counts since 24.10.4.
        const sizedTo = (bytes: number): EventToAppend => {
          const type = 'PaymentCaptured';
          const envelope = JSON.stringify({ filler: '' }).length + 2 + type.length * 2;
          return anEvent({ type, data: { filler: 'x'.repeat(bytes - envelope) }, metadata: {} });
        };

        it('takes one exactly at the limit', async function () {
          await store.appendToStream(stream, [sizedTo(CONTRACT_MAX_APPEND_BYTES)], {
            expectedRevision: 'no_stream',
          });
          expect(await store.readStream(stream)).to.have.length(1);
        });

        it('rejects one byte of data over it with AppendTooLargeError naming the limit, storing nothing', async function () {
          const tooLarge = anEvent({
            data: { filler: 'x'.repeat(CONTRACT_MAX_APPEND_BYTES) },
            metadata: {},
          });
          const error: unknown = await store
            .appendToStream(stream, [tooLarge], { expectedRevision: 'no_stream' })
            .then(
              () => undefined,
              (rejection: unknown) => rejection,
            );

          expect(error).to.be.instanceOf(AppendTooLargeError);
          expect(error).to.include({ limitBytes: CONTRACT_MAX_APPEND_BYTES });
          expect((error as Error).message).to.include(String(CONTRACT_MAX_APPEND_BYTES));
          expect(await store.readStream(stream)).to.deep.equal([]);
        });
      });

      it('lets exactly one of many concurrent appends at the same revision win', async function () {
        await store.appendToStream(stream, [anEvent()], { expectedRevision: 'no_stream' });
        const outcomes = await Promise.allSettled(
          Array.from({ length: 10 }, () =>
            store.appendToStream(stream, [anEvent()], { expectedRevision: 0n }),
          ),
        );

        expect(outcomes.filter((o) => o.status === 'fulfilled')).to.have.length(1);
        for (const outcome of outcomes.filter((o) => o.status === 'rejected')) {
          expect(outcome.reason).to.be.instanceOf(StreamRevisionConflictError);
        }
        expect(await store.readStream(stream)).to.have.length(2);
      });

      it('keeps concurrent appends to different streams independent', async function () {
        const streams = Array.from({ length: 20 }, (_, i) => `${prefix}s${i}`);
        await Promise.all(
          streams.map((name) =>
            store.appendToStream(name, [anEvent()], { expectedRevision: 'no_stream' }),
          ),
        );

        for (const name of streams) expect(await store.readStream(name)).to.have.length(1);
      });
    });

    describe('#readStream', function () {
      it('gives an empty list for a stream that does not exist', async function () {
        expect(await store.readStream(`${prefix}missing`)).to.deep.equal([]);
      });

      it('reads from a revision and at most maxCount events', async function () {
        const events = [anEvent(), anEvent(), anEvent(), anEvent()];
        await store.appendToStream(stream, events, { expectedRevision: 'no_stream' });

        const page = await store.readStream(stream, { fromRevision: 1n, maxCount: 2 });
        expect(page.map((e) => e.id)).to.deep.equal([events[1]?.id, events[2]?.id]);
      });
    });

    describe('#readAll', function () {
      it('gives every matching event in commit order, after an exclusive position', async function () {
        const a = anEvent();
        const b = anEvent();
        const c = anEvent();
        await store.appendToStream(`${prefix}one`, [a], { expectedRevision: 'no_stream' });
        await store.appendToStream(`${prefix}two`, [b], { expectedRevision: 'no_stream' });
        await store.appendToStream(`${prefix}one`, [c], { expectedRevision: 0n });

        const all = await store.readAll({ maxCount: 10, streamPrefixes: [prefix] });
        expect(all.map(summary)).to.deep.equal([
          { id: a.id, streamName: `${prefix}one`, revision: 0n },
          { id: b.id, streamName: `${prefix}two`, revision: 0n },
          { id: c.id, streamName: `${prefix}one`, revision: 1n },
        ]);

        const rest = await store.readAll({
          after: all[0]!.position,
          maxCount: 10,
          streamPrefixes: [prefix],
        });
        expect(rest.map((e) => e.id)).to.deep.equal([b.id, c.id]);
      });

      it('orders positions by commit, then prepare: after (P, 0) comes the event at P', async function () {
        const { b, c, belowB } = await threeEventsAndAPositionBelowTheSecond();

        const rest = await store.readAll({
          after: belowB,
          maxCount: 10,
          streamPrefixes: [prefix],
        });
        expect(rest.map((e) => e.id)).to.deep.equal([b.id, c.id]);
      });

      it('leaves out streams that match none of the prefixes', async function () {
        await store.appendToStream(`${prefix}wanted`, [anEvent()], {
          expectedRevision: 'no_stream',
        });
        await store.appendToStream(`other${prefix}`, [anEvent()], {
          expectedRevision: 'no_stream',
        });

        const all = await store.readAll({ maxCount: 10, streamPrefixes: [`${prefix}w`] });
        expect(all.map((e) => e.streamName)).to.deep.equal([`${prefix}wanted`]);
      });

      it('never shows system streams or system events', async function () {
        await store.appendToStream(stream, [anEvent()], { expectedRevision: 'no_stream' });

        const all = await store.readAll({ maxCount: 10_000 });
        expect(all).to.not.be.empty;
        const system = all.filter((e) => e.streamName.startsWith('$') || e.type.startsWith('$'));
        expect(system.map(summary)).to.deep.equal([]);
      });
    });

    describe('#subscribeToAll', function () {
      it('delivers history, then caughtUp, then events appended later', async function () {
        const past = anEvent();
        await store.appendToStream(`${prefix}x`, [past], { expectedRevision: 'no_stream' });
        const subscription = store.subscribeToAll({ streamPrefixes: [prefix] });
        const iterator = subscription[Symbol.asyncIterator]();
        try {
          const [history, caughtUp] = await take(iterator, 2);
          expect(history).to.deep.include({ kind: 'event' });
          expect(history?.kind === 'event' && history.event.id).to.equal(past.id);
          expect(caughtUp?.kind).to.equal('caughtUp');

          const live = anEvent();
          await store.appendToStream(`${prefix}y`, [live], { expectedRevision: 'no_stream' });
          const [next] = await take(iterator, 1);
          expect(next?.kind === 'event' && next.event.id).to.equal(live.id);
        } finally {
          await subscription.close();
        }
      });

      // EventStoreDB ends a catch-up whose last page ended at the end of the log with the
      // checkpoint (P, 0), P being where the next event will be written, at (P, P).
      it('delivers the event at P exactly once after a checkpoint (P, 0)', async function () {
        const { b, c, belowB } = await threeEventsAndAPositionBelowTheSecond();

        const subscription = store.subscribeToAll({
          after: belowB,
          streamPrefixes: [prefix],
        });
        try {
          expect((await untilCaughtUp(subscription)).eventIds).to.deep.equal([b.id, c.id]);
        } finally {
          await subscription.close();
        }
      });

      it('resumes from the position given with caughtUp without skipping or repeating an event', async function () {
        const [a, b, c] = [anEvent(), anEvent(), anEvent()];
        await store.appendToStream(`${prefix}x`, [a], { expectedRevision: 'no_stream' });
        const first = store.subscribeToAll({ streamPrefixes: [prefix] });
        let caughtUpAt: GlobalPosition | undefined;
        try {
          const caughtUp = await untilCaughtUp(first);
          expect(caughtUp.eventIds).to.deep.equal([a.id]);
          caughtUpAt = caughtUp.caughtUpAt;
        } finally {
          await first.close();
        }
        expect(caughtUpAt).to.not.equal(undefined);
        await store.appendToStream(`${prefix}y`, [b], { expectedRevision: 'no_stream' });
        await store.appendToStream(`${prefix}x`, [c], { expectedRevision: 0n });

        const resumed = store.subscribeToAll({
          ...(caughtUpAt ? { after: caughtUpAt } : {}),
          streamPrefixes: [prefix],
        });
        try {
          expect((await untilCaughtUp(resumed)).eventIds).to.deep.equal([b.id, c.id]);
        } finally {
          await resumed.close();
        }
      });

      it('starts after the given position', async function () {
        await store.appendToStream(`${prefix}x`, [anEvent()], { expectedRevision: 'no_stream' });
        const second = anEvent();
        await store.appendToStream(`${prefix}x`, [second], { expectedRevision: 0n });
        const [first] = await store.readAll({ maxCount: 1, streamPrefixes: [prefix] });

        const subscription = store.subscribeToAll({
          after: first!.position,
          streamPrefixes: [prefix],
        });
        try {
          const [message] = await take(subscription[Symbol.asyncIterator](), 1);
          expect(message?.kind === 'event' && message.event.id).to.equal(second.id);
        } finally {
          await subscription.close();
        }
      });
    });
  });
}
