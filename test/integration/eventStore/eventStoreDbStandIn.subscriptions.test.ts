import { END, EventStoreDBClient, jsonEvent, type Position } from '@eventstore/db-client';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import {
  startEventStoreDbStandIn,
  type EventStoreDbStandIn,
  type StandInOptions,
} from '../../support/eventStoreDbStandIn/startEventStoreDbStandIn.js';
import {
  recordSubscription,
  type Recorded,
} from '../../support/eventStoreDbStandIn/recordSubscription.js';

// The stand-in's `$all` subscriptions against what the server's source shows
// (EventStore/EventStore `Enumerator.AllSubscriptionFiltered`, `AllReader`), through the real
// v6 client. A fresh stand-in without system projections holds 5 system events.
const SYSTEM_EVENTS = 5;
const U64_MAX = 2n ** 64n - 1n;

describe('EventStoreDB stand-in: $all subscriptions', function () {
  let standIn: EventStoreDbStandIn;
  let client: EventStoreDBClient;

  async function open(options: StandInOptions = {}) {
    standIn = await startEventStoreDbStandIn({ systemProjections: false, ...options });
    client = EventStoreDBClient.connectionString(standIn.connectionString);
  }

  afterEach(async function () {
    await client.dispose();
    await standIn.stop();
  });

  async function appendEvents(count: number, stream = `sub-${randomUUID()}`, bytes = 16) {
    const results = [];
    for (let index = 0; index < count; index += 1) {
      const event = jsonEvent({ type: 'Tested', data: { filler: 'x'.repeat(bytes) } });
      results.push(await client.appendToStream(stream, event));
    }
    return results;
  }

  const untilCaughtUp = (recorded: ReturnType<typeof recordSubscription>) =>
    recorded.until((message) => message.kind === 'caughtUp');
  const checkpoints = (messages: readonly Recorded[]) =>
    messages.flatMap((message) => (message.kind === 'checkpoint' ? [message.position] : []));

  context("when a catch-up's last page of 32 ends exactly at the end of the log", function () {
    it('ends it with the checkpoint (P, 0), where the next event lands at (P, P), then caughtUp', async function () {
      await open();
      await appendEvents(64 - SYSTEM_EVENTS);
      const recorded = recordSubscription(client);
      const messages = await untilCaughtUp(recorded);
      await recorded.close();

      const [next] = await appendEvents(1);
      const P = next!.position!.commit;
      expect(messages.slice(-2)).to.deep.equal([
        { kind: 'checkpoint', position: { commit: P, prepare: 0n } },
        { kind: 'caughtUp' },
      ]);
      expect(next!.position).to.deep.equal({ commit: P, prepare: P });
    });

    it('orders (P, 0) before (P, P): the event at P comes after the first, not the second', async function () {
      await open();
      const [written] = await appendEvents(1);
      const at = written!.position!;

      const fromBelow = recordSubscription(client, { fromPosition: { ...at, prepare: 0n } });
      const fromAt = recordSubscription(client, { fromPosition: at });
      const [below, exact] = await Promise.all([untilCaughtUp(fromBelow), untilCaughtUp(fromAt)]);
      await Promise.all([fromBelow.close(), fromAt.close()]);

      expect(below.filter((m) => m.kind === 'event').map((m) => m.position)).to.deep.equal([at]);
      expect(exact.filter((m) => m.kind === 'event')).to.deep.equal([]);
    });
  });

  context('when the last page of the catch-up is not full', function () {
    it('ends it with a checkpoint at the last event sent', async function () {
      await open();
      const written = await appendEvents(10);
      const messages = await untilCaughtUp(recordSubscription(client));

      expect(messages.slice(-2)).to.deep.equal([
        { kind: 'checkpoint', position: written.at(-1)!.position },
        { kind: 'caughtUp' },
      ]);
    });
  });

  context('when nothing has matched the filter from the start', function () {
    it('ends the catch-up with the checkpoint (0, 0) as 25.0 does', async function () {
      await open();
      const messages = await untilCaughtUp(recordSubscription(client, { prefixes: ['none-'] }));

      expect(checkpoints(messages)).to.deep.equal([{ commit: 0n, prepare: 0n }]);
    });

    it('ends it with (2^64 - 1, 2^64 - 1) when posing as 24.10, the bug 25.0 fixed (#4892)', async function () {
      await open({ serverVersion: '24.10' });
      const messages = await untilCaughtUp(recordSubscription(client, { prefixes: ['none-'] }));

      expect(checkpoints(messages)).to.deep.equal([{ commit: U64_MAX, prepare: U64_MAX }]);
    });
  });

  context('when posing as 22.10', function () {
    it('sends no caughtUp, and going live sends the checkpoint where the last page ended', async function () {
      await open({ serverVersion: '22.10' });
      await appendEvents(3);
      const recorded = recordSubscription(client);
      await recorded.until((message) => message.kind === 'checkpoint');
      const [next] = await appendEvents(1);
      const P = next!.position!.commit;
      await recorded.until((message) => message.kind === 'event' && message.position.commit === P);
      await recorded.close();

      expect(recorded.messages.some((message) => message.kind === 'caughtUp')).to.equal(false);
      expect(checkpoints(recorded.messages)).to.deep.equal([{ commit: P, prepare: 0n }]);
    });
  });

  context('when most events are filtered out', function () {
    it('checkpoints every 32 × checkpointInterval events considered, at the page it reached', async function () {
      await open();
      const written = await appendEvents(100 - SYSTEM_EVENTS);
      const messages = await untilCaughtUp(recordSubscription(client, { prefixes: ['none-'] }));

      // Pages of 32 start at (0, 0), then where the 32nd, 64th and 96th event end, prepare 0.
      const pageAfter = (events: number) => ({
        commit: written[events - SYSTEM_EVENTS]!.position!.commit,
        prepare: 0n,
      });
      expect(checkpoints(messages)).to.deep.equal([
        { commit: 0n, prepare: 0n },
        pageAfter(32),
        pageAfter(64),
        pageAfter(96),
      ]);
    });

    it('counts a window of maxSearchWindow events instead of 32 when the filter sets one', async function () {
      await open();
      await appendEvents(40 - SYSTEM_EVENTS);
      const windowOf10 = await untilCaughtUp(
        recordSubscription(client, { prefixes: ['none-'], maxSearchWindow: 10 }),
      );
      const windowOf32 = await untilCaughtUp(recordSubscription(client, { prefixes: ['none-'] }));

      // Four full windows and the empty page that finds the end, against one full and one not.
      expect(checkpoints(windowOf10)).to.have.length(5);
      expect(checkpoints(windowOf32)).to.have.length(2);
    });
  });

  context('when subscribing from the end', function () {
    it('answers caughtUp at once, without a checkpoint', async function () {
      await open();
      await appendEvents(3);
      const messages = await untilCaughtUp(recordSubscription(client, { fromPosition: END }));

      expect(messages).to.deep.equal([{ kind: 'caughtUp' }]);
    });
  });

  context('when the consumer is slower than the appends while live', function () {
    it('sends fellBehind, catches up again, and delivers every event once and in order', async function () {
      this.timeout(20_000);
      await open();
      const recorded = recordSubscription(client, { slowMs: 2 });
      await untilCaughtUp(recorded);
      const stream = `sub-${randomUUID()}`;
      const written = await Promise.all(
        Array.from({ length: 150 }, () =>
          client.appendToStream(stream, jsonEvent({ type: 'T', data: { f: 'x'.repeat(8000) } })),
        ),
      );
      const last = written.reduce<Position>(
        (latest, result) => (result.position!.commit > latest.commit ? result.position! : latest),
        { commit: 0n, prepare: 0n },
      );
      await recorded.until(
        (message) => message.kind === 'event' && message.position.commit === last.commit,
      );
      await recorded.close();

      const delivered = recorded.messages.flatMap((message) =>
        message.kind === 'event' ? [message.position.commit] : [],
      );
      expect(recorded.messages.some((message) => message.kind === 'fellBehind')).to.equal(true);
      expect(delivered).to.deep.equal(
        written.map((result) => result.position!.commit).sort((a, b) => (a < b ? -1 : 1)),
      );
    });
  });

  context('when a client subscribes to a single stream', function () {
    it('fails the call with UNIMPLEMENTED rather than leaving it hanging', async function () {
      await open();
      const subscription = client.subscribeToStream(`sub-${randomUUID()}`);
      const error = await new Promise<Error>((resolve) => subscription.on('error', resolve));

      expect(error.message).to.include('UNIMPLEMENTED');
    });
  });
});
