import {
  CancelledError,
  DeadlineExceededError,
  EventStoreDBClient,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
  UnknownError,
  excludeSystemEvents,
  jsonEvent,
} from '@eventstore/db-client';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import {
  startEventStoreDbStandIn,
  type EventStoreDbStandIn,
  type Readiness,
  type StandInOptions,
} from '../../support/eventStoreDbStandIn/startEventStoreDbStandIn.js';

// Deadlines, timeouts, restarts and readiness as the server's source shows them
// (Streams.BatchAppend.cs, RequestManagerBase, RpcExceptions, ClusterVNodeController), seen
// through the real v6 client.
describe('EventStoreDB stand-in: faults', function () {
  let standIn: EventStoreDbStandIn;
  let client: EventStoreDBClient;
  let stream: string;

  async function open(options: StandInOptions = {}, connection?: string) {
    standIn = await startEventStoreDbStandIn(options);
    client = EventStoreDBClient.connectionString(connection ?? standIn.connectionString);
  }

  beforeEach(function () {
    stream = `faults-${randomUUID()}`;
  });

  afterEach(async function () {
    await client.dispose();
    await standIn.stop();
  });

  const anEvent = () => jsonEvent({ type: 'Tested', data: { at: Date.now() } });
  const failureOf = (promise: Promise<unknown>) =>
    promise.then(
      () => expect.fail('the call succeeded'),
      (error: unknown) => error,
    );

  async function revisionsOf(name: string): Promise<bigint[]> {
    const revisions: bigint[] = [];
    try {
      for await (const resolved of client.readStream(name))
        revisions.push(resolved.event?.revision ?? -1n);
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return revisions;
  }

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  context('when a batch append arrives after its deadline', function () {
    it('answers Timeout and writes nothing', async function () {
      await open();
      const error = await failureOf(client.appendToStream(stream, anEvent(), { deadline: 0 }));

      expect(error).to.be.instanceOf(DeadlineExceededError);
      expect(await revisionsOf(stream)).to.deep.equal([]);
    });
  });

  context('when a write takes longer than WriteTimeoutMs', function () {
    for (const [path, options, errorType] of [
      ['BatchAppend', {}, DeadlineExceededError],
      ['Append', { batchAppend: false }, TimeoutError],
    ] as const) {
      it(`answers Timeout through ${path}, and the write still commits afterwards`, async function () {
        await open({ ...options, writeTimeoutMs: 50 });
        standIn.setFaults({ commitDelayMs: 200 });
        const error = await failureOf(client.appendToStream(stream, anEvent()));

        expect(error).to.be.instanceOf(errorType);
        expect(await revisionsOf(stream)).to.deep.equal([]);
        await sleep(250);
        expect(await revisionsOf(stream)).to.deep.equal([0n]);
      });
    }
  });

  context('when the timeout-after-commit switch is on', function () {
    it('commits the chosen appends, answers them Timeout, and answers the rest normally', async function () {
      await open();
      standIn.setFaults({ timeoutAfterCommit: (appendNumber) => appendNumber === 2 });
      await client.appendToStream(stream, anEvent());
      const error = await failureOf(client.appendToStream(stream, anEvent()));
      await client.appendToStream(stream, anEvent());

      expect(error).to.be.instanceOf(DeadlineExceededError);
      expect(await revisionsOf(stream)).to.deep.equal([0n, 1n, 2n]);
    });
  });

  context('when the node is killed', function () {
    it('drops calls with UNAVAILABLE and keeps what was committed, but not writes in flight', async function () {
      await open();
      await client.appendToStream(stream, anEvent());
      const subscription = client.subscribeToAll({ filter: excludeSystemEvents() });
      const dropped = new Promise<unknown>((resolve) => subscription.on('error', resolve));
      subscription.on('data', () => undefined);
      standIn.setFaults({ commitDelayMs: 100 });
      const inFlight = failureOf(client.appendToStream(stream, anEvent()));
      await sleep(20);
      await standIn.kill();

      expect(await dropped).to.be.instanceOf(UnavailableError);
      expect(await inFlight).to.be.instanceOf(UnavailableError);
      // A new call finds no connection: the client says so before any call is made.
      expect(String(await failureOf(client.appendToStream(stream, anEvent())))).to.include(
        'UNAVAILABLE',
      );
      await sleep(150);
      standIn.setFaults({});
      await standIn.start();
      expect(await revisionsOf(stream)).to.deep.equal([0n]);
    });

    it('loses the answer to an append committed just before, never the append', async function () {
      await open();
      standIn.setFaults({ killAfterCommit: 1 });
      const error = await failureOf(client.appendToStream(stream, anEvent()));
      await standIn.start();

      expect(error).to.be.instanceOf(UnavailableError);
      expect(await revisionsOf(stream)).to.deep.equal([0n]);
    });
  });

  context('when the node is stopped gracefully', function () {
    it('cancels a live subscription (CANCELLED)', async function () {
      await open();
      const subscription = client.subscribeToAll({ filter: excludeSystemEvents() });
      const dropped = new Promise<unknown>((resolve) => subscription.on('error', resolve));
      subscription.on('data', () => undefined);
      await new Promise((resolve) => subscription.once('caughtUp', resolve));
      await standIn.stop();

      expect(await dropped).to.be.instanceOf(CancelledError);
    });
  });

  context('when the node has just started', function () {
    // The client learns of the dead connection from a failed call, and reconnects on the next.
    async function restartIn(holdIn: Readiness) {
      await standIn.kill();
      await failureOf(revisionsOf(stream));
      await standIn.start({ holdIn });
    }

    it('answers reads and writes "Server Is Not Ready" while Initializing', async function () {
      await open();
      await client.appendToStream(stream, anEvent());
      await restartIn('initializing');
      const read = await failureOf(revisionsOf(stream));
      const append = await failureOf(client.appendToStream(stream, anEvent()));

      expect(read).to.be.instanceOf(UnavailableError);
      expect((read as Error).message).to.include('Server Is Not Ready');
      // BatchAppend answers with a status the v6 client does not recognize.
      expect(append).to.be.instanceOf(UnknownError);
      expect((append as Error).message).to.equal('Could not recognize Server Is Not Ready');
    });

    it('serves reads but not writes as PreLeader, then both as Leader', async function () {
      await open({ batchAppend: false });
      await client.appendToStream(stream, anEvent());
      await restartIn('preLeader');
      const append = await failureOf(client.appendToStream(stream, anEvent()));

      expect(append).to.be.instanceOf(UnavailableError);
      expect((append as Error).message).to.include('Server Is Not Ready');
      expect(await revisionsOf(stream)).to.deep.equal([0n]);
      standIn.holdIn('leader');
      await client.appendToStream(stream, anEvent());
      expect(await revisionsOf(stream)).to.deep.equal([0n, 1n]);
    });

    it('becomes leader by itself once notReadyMs has passed', async function () {
      await open();
      await standIn.kill();
      await failureOf(revisionsOf(stream));
      await standIn.start({ notReadyMs: 200 });
      const answers: string[] = [];
      for (;;) {
        const failure = await client.appendToStream(stream, anEvent()).then(
          () => undefined,
          (error: unknown) => error as Error,
        );
        if (!failure) break;
        answers.push(failure.message);
        await sleep(20);
      }

      expect(answers).to.not.be.empty;
      expect(answers.every((answer) => answer.includes('Server Is Not Ready'))).to.equal(true);
      expect(await revisionsOf(stream)).to.deep.equal([0n]);
    });

    it('does not present itself as leader through gossip until it is one', async function () {
      await open();
      await standIn.kill();
      await standIn.start({ holdIn: 'initializing' });
      await client.dispose();
      client = EventStoreDBClient.connectionString(
        `${standIn.discoverConnectionString}&maxDiscoverAttempts=2&discoveryInterval=10`,
      );
      const error = await failureOf(client.appendToStream(stream, anEvent()));
      expect((error as Error).message).to.match(/discover/i);

      standIn.holdIn('leader');
      await client.dispose();
      client = EventStoreDBClient.connectionString(standIn.discoverConnectionString);
      await client.appendToStream(stream, anEvent());
    });
  });
});
