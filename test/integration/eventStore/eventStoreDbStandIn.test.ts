import {
  ANY,
  EventStoreDBClient,
  MaxAppendSizeExceededError,
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
  type StandInOptions,
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

  context('when an append carries no events', function () {
    it('succeeds at the current revision, checks the expected one, and adds nothing to $all', async function () {
      await client.appendToStream(stream, [anEvent()], { expectedRevision: NO_STREAM });
      const before = await allEvents();
      const empty = await client.appendToStream(stream, [], { expectedRevision: 0n });
      const wrong = await rejection(client.appendToStream(stream, [], { expectedRevision: 5n }));

      expect(empty.nextExpectedRevision).to.equal(0n);
      expect(wrong).to.be.instanceOf(WrongExpectedVersionError);
      expect(await allEvents()).to.deep.equal(before);
    });
  });

  // MaxAppendSize, 1 MiB by default, counted as data + metadata + type in UTF-16 since 24.10.4
  // (Streams.Append.cs, Streams.BatchAppend.cs, Event.SizeOnDisk).
  for (const [path, options] of [
    ['BatchAppend', {}],
    ['Append', { batchAppend: false }],
  ] as const satisfies readonly (readonly [string, StandInOptions])[]) {
    context(`when an append through ${path} is larger than MaxAppendSize`, function () {
      beforeEach(async function () {
        await client.dispose();
        await standIn.stop();
        standIn = await startEventStoreDbStandIn(options);
        client = EventStoreDBClient.connectionString(standIn.connectionString);
      });

      const sized = (dataBytes: number, metadataBytes: number) =>
        jsonEvent({
          type: 'Tested',
          data: { f: 'x'.repeat(dataBytes - 8) },
          metadata: { m: 'x'.repeat(metadataBytes - 8) },
        });

      it('takes one of exactly 1 MiB with metadata and type counted', async function () {
        const type = 'Tested'.length * 2;
        await client.appendToStream(stream, sized(1_000_000, 1_048_576 - 1_000_000 - type));
        expect(await idsOf(stream)).to.have.length(1);
      });

      it('rejects one byte more with MaxAppendSizeExceededError naming the limit', async function () {
        const type = 'Tested'.length * 2;
        const error = await rejection(
          client.appendToStream(stream, sized(1_000_000, 1_048_577 - 1_000_000 - type)),
        );

        expect(error).to.be.instanceOf(MaxAppendSizeExceededError);
        expect(error).to.include({ maxAppendSize: 1_048_576 });
        expect(await idsOf(stream).catch(() => [])).to.deep.equal([]);
      });
    });
  }

  context('when a call names a method the stand-in does not implement', function () {
    it('fails with UNIMPLEMENTED instead of hanging', async function () {
      const error = await client.deleteStream(stream).then(
        () => expect.fail('the call succeeded'),
        (failure: unknown) => failure,
      );
      expect((error as Error).message).to.include('UNIMPLEMENTED');
    });
  });

  describe('$all', function () {
    it('starts with the system events a fresh node writes', async function () {
      const all = await allEvents();

      expect(all.map((event) => event.streamId)).to.deep.equal([
        '$epoch-information',
        '$scavenges',
        '$$$scavenges',
        '$$$stats-127.0.0.1:2113',
        '$stats-127.0.0.1:2113',
      ]);
    });

    it('follows every user event with a $by_category link, so the head is a system event', async function () {
      await client.appendToStream(stream, [anEvent(), anEvent()], { expectedRevision: NO_STREAM });
      const all = await allEvents();

      expect(all.slice(-4).map((event) => [event.streamId, event.type])).to.deep.equal([
        [stream, 'Tested'],
        [stream, 'Tested'],
        ['$ce-stand', '$>'],
        ['$ce-stand', '$>'],
      ]);
    });

    it('gives positions that are not consecutive, with commit equal to prepare', async function () {
      await client.appendToStream(stream, [anEvent(), anEvent()], { expectedRevision: NO_STREAM });
      const mine = (await allEvents()).filter((event) => event.streamId === stream);

      const [a, b] = mine.map((event) => event.position.commit);
      expect(b! - a! > 1n).to.equal(true);
      expect(mine.map((e) => e.position.prepare)).to.deep.equal([a, b]);
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

  async function allEvents() {
    const all = [];
    for await (const resolved of client.readAll()) if (resolved.event) all.push(resolved.event);
    return all;
  }
});
