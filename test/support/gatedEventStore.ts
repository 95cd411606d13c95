import type { EventStore } from '../../src/eventStore/eventStore.js';

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
    store: {
      async appendToStream(streamName, events, options) {
        await gate;
        return store.appendToStream(streamName, events, options);
      },
      readStream: (streamName, options) => store.readStream(streamName, options),
      readStreams: (streamNames, options) => store.readStreams(streamNames, options),
      readAll: (options) => store.readAll(options),
      subscribeToAll: (options) => store.subscribeToAll(options),
      ping: () => store.ping(),
      close: () => store.close(),
    },
    open: () => {
      release();
    },
  };
}
