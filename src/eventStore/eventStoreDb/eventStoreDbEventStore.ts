import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  StreamNotFoundError,
  jsonEvent,
  type AppendExpectedRevision,
  type ResolvedEvent,
  type StreamingRead,
} from '@eventstore/db-client';
import type {
  EventStore,
  ExpectedRevision,
  GlobalPosition,
  RecordedEvent,
  Subscription,
} from '../eventStore.js';
import { DEFAULT_BACKOFF, type BackoffSettings } from './backoffDelay.js';
import { createEventStoreDbSubscription } from './eventStoreDbSubscription.js';
import { readStreamsOneByOne } from '../readStreamsOneByOne.js';
import { readAllMatching, type AllPage } from './readAllMatching.js';
import { toRecordedEvent } from './toRecordedEvent.js';
import { translateEventStoreDbError } from './translateEventStoreDbError.js';
import { withDeadline } from './withDeadline.js';

export interface EventStoreDbEventStoreOptions {
  /** e.g. `esdb://localhost:2113?tls=false`, or a cluster `esdb+discover://…` string. */
  readonly connectionString: string;
  /** Longest wait for one append or read before `StoreUnavailableError` (default 10 s). */
  readonly deadlineMs?: number;
  /** Delays between subscription retries after a drop (default 100 ms doubling to 30 s). */
  readonly resubscribeBackoff?: BackoffSettings;
  /** Told about each dropped subscription before it resubscribes (usually StoreUnavailableError). */
  readonly onSubscriptionDrop?: (error: Error) => void;
}

function toDriverRevision(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream') return NO_STREAM;
  return expected;
}

/** The event store port on EventStoreDB / KurrentDB through `@eventstore/db-client` v6. */
export function createEventStoreDbEventStore(options: EventStoreDbEventStoreOptions): EventStore {
  const client = EventStoreDBClient.connectionString(options.connectionString);
  const deadlineMs = options.deadlineMs ?? 10_000;
  const openSubscriptions = new Set<Subscription>();

  async function collect(read: StreamingRead<ResolvedEvent>): Promise<ResolvedEvent[]> {
    const gather = async () => {
      const resolved: ResolvedEvent[] = [];
      for await (const item of read) resolved.push(item);
      return resolved;
    };
    return withDeadline(gather(), deadlineMs, () => {
      void read.cancel().catch(() => undefined);
      read.destroy();
    });
  }

  const recorded = (items: readonly ResolvedEvent[]): RecordedEvent[] =>
    items.flatMap((item) => toRecordedEvent(item) ?? []);

  async function readAllPage(from: GlobalPosition | undefined, maxCount: number): Promise<AllPage> {
    const items = await collect(client.readAll({ fromPosition: from ?? START, maxCount }));
    return { events: recorded(items), last: items.at(-1)?.event?.position, count: items.length };
  }

  async function readHead(): Promise<GlobalPosition | undefined> {
    const [last] = await collect(
      client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }),
    );
    return last?.event?.position;
  }

  return {
    async appendToStream(streamName, events, { expectedRevision }) {
      const payload = events.map((event) =>
        jsonEvent({
          id: event.id,
          type: event.type,
          // jsonEvent's data type excludes bare numbers, booleans and null, which JSON allows.
          data: event.data as Record<string, unknown>,
          metadata: event.metadata,
        }),
      );
      try {
        const result = await withDeadline(
          client.appendToStream(streamName, payload, {
            expectedRevision: toDriverRevision(expectedRevision),
            deadline: deadlineMs,
          }),
          deadlineMs,
        );
        if (!result.position) {
          throw new Error('EventStoreDB acknowledged an append without a position.');
        }
        return { nextExpectedRevision: result.nextExpectedRevision, position: result.position };
      } catch (error) {
        throw translateEventStoreDbError(error, { streamName, expectedRevision });
      }
    },

    async readStream(streamName, readOptions) {
      try {
        const items = await collect(
          client.readStream(streamName, {
            fromRevision: readOptions?.fromRevision ?? START,
            maxCount: readOptions?.maxCount ?? Number.MAX_SAFE_INTEGER,
            direction: FORWARDS,
          }),
        );
        return recorded(items);
      } catch (error) {
        if (error instanceof StreamNotFoundError) return [];
        throw translateEventStoreDbError(error);
      }
    },

    readStreams(streamNames, { through }) {
      return readStreamsOneByOne((name) => this.readStream(name), streamNames, through);
    },

    async readAll(readOptions) {
      try {
        return await readAllMatching(readAllPage, readOptions);
      } catch (error) {
        throw translateEventStoreDbError(error);
      }
    },

    subscribeToAll(subscribeOptions = {}) {
      const subscription = createEventStoreDbSubscription(
        {
          client,
          readHead,
          backoff: options.resubscribeBackoff ?? DEFAULT_BACKOFF,
          ...(options.onSubscriptionDrop ? { onDrop: options.onSubscriptionDrop } : {}),
        },
        subscribeOptions,
      );
      openSubscriptions.add(subscription);
      return {
        [Symbol.asyncIterator]: () => subscription[Symbol.asyncIterator](),
        close: async () => {
          openSubscriptions.delete(subscription);
          await subscription.close();
        },
      };
    },

    async ping() {
      try {
        await readHead();
      } catch (error) {
        throw translateEventStoreDbError(error);
      }
    },

    async close() {
      // Disposing the client alone would leave open subscriptions waiting forever.
      await Promise.all([...openSubscriptions].map((subscription) => subscription.close()));
      openSubscriptions.clear();
      await client.dispose();
    },
  };
}
