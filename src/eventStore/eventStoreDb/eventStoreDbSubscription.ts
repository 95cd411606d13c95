import {
  START,
  excludeSystemEvents,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import {
  comparePositions,
  type GlobalPosition,
  type SubscribeToAllOptions,
  type Subscription,
  type SubscriptionMessage,
} from '../eventStore.js';
import { backoffDelay, type BackoffSettings } from './backoffDelay.js';
import { toRecordedEvent } from './toRecordedEvent.js';
import { translateEventStoreDbError } from './translateEventStoreDbError.js';

export interface SubscriptionDeps {
  readonly client: EventStoreDBClient;
  /** Position of the last event in `$all`, or undefined when it is empty. */
  readonly readHead: () => Promise<GlobalPosition | undefined>;
  readonly backoff: BackoffSettings;
  /** Told about each drop, as a port error, before the resubscription (for logs and metrics). */
  readonly onDrop?: (error: Error) => void;
}

// Markers are pushed into the driver's stream so that they stay in order with its events.
type Marker =
  | { readonly marker: 'caughtUp' }
  | { readonly marker: 'checkpoint'; readonly position: GlobalPosition }
  | { readonly marker: 'headKnown' };
type Item = AllStreamResolvedEvent | Marker;

/**
 * A catch-up subscription to `$all` that survives the node: after a drop it resubscribes from the
 * last event or checkpoint it passed on, waiting with capped exponential backoff. `caughtUp` comes
 * from the server (23.10+); for older servers the head of `$all`, read at the start, stands in.
 */
export function createEventStoreDbSubscription(
  deps: SubscriptionDeps,
  options: SubscribeToAllOptions,
): Subscription {
  const prefixes = options.streamPrefixes ?? [];
  let closed = false;
  // A function, because the compiler cannot see close() changing the flag during an await.
  const isClosed = () => closed;
  let current: AllStreamSubscription | undefined;
  let wakeSleeper: (() => void) | undefined;
  let head: GlobalPosition | undefined | 'unknown' = 'unknown';

  deps.readHead().then(
    (position) => {
      head = position;
      current?.push({ marker: 'headKnown' } satisfies Marker);
    },
    () => undefined,
  );

  function open(after: GlobalPosition | undefined): AllStreamSubscription {
    const checkpointReached = (subscription: AllStreamSubscription, position: GlobalPosition) => {
      subscription.push({ marker: 'checkpoint', position } satisfies Marker);
    };
    const filter =
      prefixes.length > 0
        ? streamNameFilter({ prefixes: [...prefixes], checkpointReached })
        : excludeSystemEvents({ checkpointReached });
    const subscription = deps.client.subscribeToAll({ fromPosition: after ?? START, filter });
    subscription.on('caughtUp', () => subscription.push({ marker: 'caughtUp' } satisfies Marker));
    return subscription;
  }

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakeSleeper = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function* messages(): AsyncGenerator<SubscriptionMessage> {
    let after = options.after;
    let caughtUpSent = false;
    let attempt = 0;
    const reachedHead = () =>
      head === undefined ||
      (head !== 'unknown' && after !== undefined && comparePositions(after, head) >= 0);

    while (!isClosed()) {
      current = open(after);
      try {
        for await (const item of current as AsyncIterable<Item>) {
          attempt = 0;
          if ('marker' in item) {
            if (item.marker === 'checkpoint') {
              after = item.position;
              yield { kind: 'checkpoint', position: item.position };
            }
            if (!caughtUpSent && (item.marker === 'caughtUp' || reachedHead())) {
              caughtUpSent = true;
              yield { kind: 'caughtUp', position: after };
            }
            continue;
          }
          const event = toRecordedEvent(item);
          const position = event?.position ?? item.event?.position;
          if (position) after = position;
          if (event) yield { kind: 'event', event };
          if (!caughtUpSent && reachedHead()) {
            caughtUpSent = true;
            yield { kind: 'caughtUp', position: after };
          }
        }
      } catch (error) {
        if (!isClosed()) deps.onDrop?.(translateEventStoreDbError(error));
      }
      if (isClosed()) return;
      await sleep(backoffDelay(attempt, deps.backoff));
      attempt += 1;
    }
  }

  const iterator = messages();
  return {
    [Symbol.asyncIterator]: () => iterator,
    async close() {
      closed = true;
      wakeSleeper?.();
      const subscription = current;
      if (!subscription) return;
      await subscription.unsubscribe().catch(() => undefined);
      subscription.destroy();
    },
  };
}
