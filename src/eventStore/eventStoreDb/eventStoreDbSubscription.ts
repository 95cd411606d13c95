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
 * last event or checkpoint it passed on (whole positions: the server's end-of-catch-up checkpoint
 * is often (P, 0), and resuming from (P, P) would skip the event written at P), waiting with
 * capped exponential backoff. `caughtUp` is the server's (23.10+), which it sends right after
 * that checkpoint; older servers send none, so there it is the first checkpoint past the head of
 * `$all` as read at the start: only the one sent on going live can be, since a checkpoint during
 * the catch-up is at most the last event read (KurrentDB `Enumerator.AllSubscriptionFiltered`).
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
    let lastCheckpoint: GlobalPosition | undefined;
    let caughtUpSent = false;
    let attempt = 0;
    const checkpointReachedHead = () =>
      head === undefined ||
      (head !== 'unknown' &&
        lastCheckpoint !== undefined &&
        comparePositions(lastCheckpoint, head) > 0);
    const advance = (position: GlobalPosition) => {
      if (after === undefined || comparePositions(position, after) > 0) after = position;
    };

    while (!isClosed()) {
      current = open(after);
      try {
        for await (const item of current as AsyncIterable<Item>) {
          attempt = 0;
          if ('marker' in item) {
            if (item.marker === 'checkpoint') {
              if (!isLogPosition(item.position)) continue;
              advance(item.position);
              lastCheckpoint = item.position;
              yield { kind: 'checkpoint', position: item.position };
            }
            if (!caughtUpSent && (item.marker === 'caughtUp' || checkpointReachedHead())) {
              caughtUpSent = true;
              yield { kind: 'caughtUp', position: after };
            }
            continue;
          }
          const event = toRecordedEvent(item);
          const position = event?.position ?? item.event?.position;
          if (position) advance(position);
          if (event) yield { kind: 'event', event };
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

// Log positions are signed 64-bit on the server. EventStoreDB before 25.0 could end a catch-up
// that had matched nothing with the checkpoint (-1, -1), which arrives as (2^64 - 1, 2^64 - 1):
// saved and resumed from, it reads as "from the end" and skips everything in between
// (EventStore/EventStore#4892).
const MAX_LOG_POSITION = 2n ** 63n - 1n;

function isLogPosition(position: GlobalPosition): boolean {
  return position.commit <= MAX_LOG_POSITION && position.prepare <= MAX_LOG_POSITION;
}
