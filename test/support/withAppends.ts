import type { EventStore } from '../../src/eventStore/eventStore.js';

/**
 * A real event store whose appends go through `appendToStream`; every other call passes straight
 * through, so a test's fault lives in one function and the wrapper follows the port.
 */
export function withAppends(
  store: EventStore,
  appendToStream: EventStore['appendToStream'],
): EventStore {
  return {
    appendToStream,
    readStream: (streamName, options) => store.readStream(streamName, options),
    readStreams: (streamNames, options) => store.readStreams(streamNames, options),
    readAll: (options) => store.readAll(options),
    subscribeToAll: (options) => store.subscribeToAll(options),
    ping: () => store.ping(),
    close: () => store.close(),
  };
}
