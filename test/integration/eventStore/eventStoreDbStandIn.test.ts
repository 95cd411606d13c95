import {
  ANY,
  EventStoreDBClient,
  NO_STREAM,
  STREAM_EXISTS,
  WrongExpectedVersionError,
  jsonEvent,
  type AppendResult,
} from '@eventstore/db-client';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import {
  startEventStoreDbStandIn,
  type EventStoreDbStandIn,
} from '../../support/eventStoreDbStandIn/startEventStoreDbStandIn.js';

// The stand-in's own rules, checked through the real v6 client, where the adapter's contract
// suite does not reach them (the rules follow kurrent-io/KurrentDB IndexWriter.CheckCommit).
describe('EventStoreDB stand-in', function () {
  let standIn: EventStoreDbStandIn;
  let client: EventStoreDBClient;
  let stream: string;

  beforeEach(async function () {
    standIn = await startEventStoreDbStandIn();
    client = EventStoreDBClient.connectionString(standIn.connectionString);
    stream = `stand-in-${randomUUID()}`;
  });

  afterEach(async function () {
    await client.dispose();
    await standIn.stop();
  });

  const anEvent = (id = randomUUID()) => jsonEvent({ id, type: 'Tested', data: { id } });

  async function rejection(promise: Promise<AppendResult>): Promise<unknown> {
    return promise.then(
      () => expect.fail('the append succeeded'),
      (error: unknown) => error,
    );
  }

  async function idsOf(name: string): Promise<string[]> {
    const ids: string[] = [];
    for await (const resolved of client.readStream(name)) ids.push(resolved.event?.id ?? '');
    return ids;
  }

  context('when a retry matches only the first of its events', function () {
    it('rejects it as a wrong expected version (corrupted idempotency)', async function () {
      const first = randomUUID();
      await client.appendToStream(stream, [anEvent(first), anEvent()], {
        expectedRevision: NO_STREAM,
      });

      const error = await rejection(
        client.appendToStream(stream, [anEvent(first), anEvent()], { expectedRevision: NO_STREAM }),
      );
      expect(error).to.be.instanceOf(WrongExpectedVersionError);
      expect(await idsOf(stream)).to.have.length(2);
    });
  });

  context('when the same ids are appended twice with any', function () {
    it('dedupes them from its cache of recent events', async function () {
      const id = randomUUID();
      const first = await client.appendToStream(stream, [anEvent(id)], { expectedRevision: ANY });
      const again = await client.appendToStream(stream, [anEvent(id)], { expectedRevision: ANY });

      expect(again.position).to.deep.equal(first.position);
      expect(await idsOf(stream)).to.deep.equal([id]);
    });

    it('writes them again after a restart has emptied that cache, as the server does', async function () {
      const id = randomUUID();
      await client.appendToStream(stream, [anEvent(id)], { expectedRevision: ANY });
      await standIn.stop();
      await standIn.start();
      await client.dispose();
      client = EventStoreDBClient.connectionString(standIn.connectionString);
      await client.appendToStream(stream, [anEvent(id)], { expectedRevision: ANY });

      expect(await idsOf(stream)).to.deep.equal([id, id]);
    });
  });

  context('when stream_exists is expected', function () {
    it('rejects a stream that was never written', async function () {
      const error = await rejection(
        client.appendToStream(stream, [anEvent()], { expectedRevision: STREAM_EXISTS }),
      );
      expect(error).to.be.instanceOf(WrongExpectedVersionError);
    });
  });

  describe('$all', function () {
    it('starts with system events and gives positions that are not consecutive', async function () {
      await client.appendToStream(stream, [anEvent(), anEvent()], { expectedRevision: NO_STREAM });
      const all = [];
      for await (const resolved of client.readAll()) all.push(resolved.event);

      expect(all[0]?.streamId.startsWith('$')).to.equal(true);
      const [a, b] = all.slice(-2).map((event) => event?.position.commit ?? 0n);
      expect(b! - a! > 1n).to.equal(true);
      expect(all.slice(-2).map((e) => e?.position.prepare)).to.deep.equal([a, b]);
    });

    it('reads from a position inclusively, as the server does', async function () {
      const result = await client.appendToStream(stream, [anEvent()], {
        expectedRevision: NO_STREAM,
      });
      const read = [];
      for await (const resolved of client.readAll({ fromPosition: result.position!, maxCount: 1 }))
        read.push(resolved.event?.streamId);

      expect(read).to.deep.equal([stream]);
    });
  });
});
