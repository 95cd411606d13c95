import type { EventStore } from './eventStore.js';

/** Times every append of any adapter, without the adapters knowing. */
export function instrumentEventStore(
  store: EventStore,
  observeAppendSeconds: (seconds: number) => void,
): EventStore {
  return {
    async appendToStream(streamName, events, options) {
      const started = process.hrtime.bigint();
      try {
        return await store.appendToStream(streamName, events, options);
      } finally {
        observeAppendSeconds(Number(process.hrtime.bigint() - started) / 1e9);
      }
    },
    readStream: (streamName, options) => store.readStream(streamName, options),
    readStreams: (streamNames, options) => store.readStreams(streamNames, options),
    readAll: (options) => store.readAll(options),
    subscribeToAll: (options) => store.subscribeToAll(options),
    ping: () => store.ping(),
    close: () => store.close(),
  };
}
