import {
  excludeSystemEvents,
  streamNameFilter,
  type EventStoreDBClient,
  type Position,
  type ReadPosition,
} from '@eventstore/db-client';

export type Recorded =
  | { readonly kind: 'event'; readonly id: string; readonly position: Position }
  | { readonly kind: 'checkpoint'; readonly position: Position }
  | { readonly kind: 'caughtUp' }
  | { readonly kind: 'fellBehind' };

export interface RecordedSubscription {
  readonly messages: Recorded[];
  /** Resolves once a message satisfying `predicate` has been recorded. */
  until(predicate: (message: Recorded) => boolean): Promise<Recorded[]>;
  close(): Promise<void>;
}

/**
 * A `$all` subscription through the real v6 client, recording events, checkpoints, `caughtUp` and
 * `fellBehind` in the order the client reports them, for tests of the stand-in's wire behaviour.
 */
export function recordSubscription(
  client: EventStoreDBClient,
  options: {
    readonly fromPosition?: ReadPosition;
    readonly prefixes?: string[];
    readonly checkpointInterval?: number;
    readonly maxSearchWindow?: number;
    /** Milliseconds to hold each event, as a slow consumer does. */
    readonly slowMs?: number;
  } = {},
): RecordedSubscription {
  const messages: Recorded[] = [];
  const waiters: (() => void)[] = [];
  const record = (message: Recorded) => {
    messages.push(message);
    for (const wake of waiters.splice(0)) wake();
  };
  const filterOptions = {
    checkpointInterval: options.checkpointInterval ?? 1,
    ...(options.maxSearchWindow ? { maxSearchWindow: options.maxSearchWindow } : {}),
    checkpointReached: (_: unknown, position: Position) => {
      record({ kind: 'checkpoint', position });
    },
  };
  const subscription = client.subscribeToAll({
    ...(options.fromPosition ? { fromPosition: options.fromPosition } : {}),
    filter: options.prefixes
      ? streamNameFilter({ prefixes: options.prefixes, ...filterOptions })
      : excludeSystemEvents(filterOptions),
  });
  subscription.on('caughtUp', () => {
    record({ kind: 'caughtUp' });
  });
  subscription.on('fellBehind', () => {
    record({ kind: 'fellBehind' });
  });
  let failure: unknown;
  subscription.on('error', (error) => {
    failure = error;
    for (const wake of waiters.splice(0)) wake();
  });
  void (async () => {
    for await (const resolved of subscription) {
      const event = resolved.event;
      if (event) record({ kind: 'event', id: event.id, position: event.position });
      if (options.slowMs) await new Promise((resolve) => setTimeout(resolve, options.slowMs));
    }
  })().catch(() => undefined);

  return {
    messages,
    async until(predicate) {
      while (!messages.some(predicate)) {
        if (failure !== undefined) throw failure as Error;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
      return messages;
    },
    async close() {
      await subscription.unsubscribe();
    },
  };
}
