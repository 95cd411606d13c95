import type { EventStore } from '../../src/eventStore/eventStore.js';
import { withAppends } from './withAppends.js';

/**
 * A real event store whose appends wait until the gate opens: a disk that has stalled, without
 * stalling the test. Everything else passes straight through.
 */
export function gatedEventStore(store: EventStore): { readonly store: EventStore; open(): void } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    store: withAppends(store, async (streamName, events, options) => {
      await gate;
      return store.appendToStream(streamName, events, options);
    }),
    open: () => {
      release();
    },
  };
}
