import type { EventStore } from '../../src/eventStore/eventStore.js';

/**
 * A real event store whose appends wait until the gate opens: a disk that has stalled, without
 * stalling the test. Reads pass straight through.
 */
export function gatedEventStore(store: EventStore): { readonly store: EventStore; open(): void } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    store: {
      ...store,
      async appendToStream(...args) {
        await gate;
        return store.appendToStream(...args);
      },
    },
    open: () => {
      release();
    },
  };
}
