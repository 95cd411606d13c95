import {
  comparePositions,
  type GlobalPosition,
  type SubscribeToAllOptions,
  type Subscription,
  type SubscriptionMessage,
} from '../eventStore.js';
import type { ReadAllPage } from './readAll.js';

export interface PollingSubscriptionDeps {
  readonly readPage: (
    after: GlobalPosition | undefined,
    maxCount: number,
    prefixes: readonly string[],
  ) => ReadAllPage;
  /** Registers a wake-up for appends made by this process; returns the unregister function. */
  readonly onLocalAppend: (wake: () => void) => () => void;
  /** Appends made by other processes on the same file are noticed by polling this often. */
  readonly pollIntervalMs: number;
  readonly pageSize: number;
}

/**
 * Catch-up subscription over the SQLite log: pages through history, signals `caughtUp` once, then
 * waits for appends (woken at once by this process's commits, by polling for other processes').
 */
export function createPollingSubscription(
  deps: PollingSubscriptionDeps,
  options: SubscribeToAllOptions,
): Subscription {
  const state = { closed: false };
  const isClosed = () => state.closed;
  let wake: (() => void) | undefined;
  const prefixes = options.streamPrefixes ?? [];

  const waitForAppend = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, deps.pollIntervalMs);
      const unregister = deps.onLocalAppend(done);
      wake = done;
      function done() {
        clearTimeout(timer);
        unregister();
        wake = undefined;
        resolve();
      }
    });

  async function* messages(): AsyncGenerator<SubscriptionMessage> {
    let after = options.after;
    let caughtUp = false;
    while (!isClosed()) {
      const page = deps.readPage(after, deps.pageSize, prefixes);
      for (const event of page.events) {
        if (isClosed()) return;
        yield { kind: 'event', event };
        after = event.position;
      }
      if (page.events.length === deps.pageSize) continue;
      // The end of the log, scanned past filtered-out events: a checkpoint, then caughtUp at it.
      const head = { commit: page.headPosition, prepare: page.headPosition };
      if (page.headPosition > 0n && (after === undefined || comparePositions(after, head) < 0)) {
        after = head;
        yield { kind: 'checkpoint', position: after };
      }
      if (!caughtUp) {
        caughtUp = true;
        yield { kind: 'caughtUp', position: after };
      }
      if (!isClosed()) await waitForAppend();
    }
  }

  const iterator = messages();
  return {
    [Symbol.asyncIterator]: () => iterator,
    close() {
      state.closed = true;
      wake?.();
      return Promise.resolve();
    },
  };
}
