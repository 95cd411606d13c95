import type {
  EventStore,
  GlobalPosition,
  RecordedEvent,
  SubscriptionMessage,
} from '../../src/eventStore/eventStore.js';

/**
 * A real (SQLite) event store whose positions look like an EventStoreDB server's after legacy
 * transactions: event n is at `{ commit: 10n, prepare: 10n − 3 }`, and checkpoints come in the
 * server's form `{ commit, prepare: 0 }`. A reader that keeps only the commit, or compares
 * positions by commit alone, skips or repeats events across a restart.
 */
export function withShiftedPositions(store: EventStore): EventStore {
  const shift = (position: GlobalPosition): GlobalPosition => ({
    commit: position.commit * 10n,
    prepare: position.commit * 10n - 3n,
  });
  const serverCheckpoint = (position: GlobalPosition): GlobalPosition => ({
    commit: position.commit * 10n,
    prepare: 0n,
  });
  /** The last real position at or before a shifted one. */
  const unshift = (position: GlobalPosition): GlobalPosition => {
    const row = position.commit / 10n;
    const real = position.prepare >= row * 10n - 3n ? row : row - 1n;
    return { commit: real, prepare: real };
  };
  const event = (recorded: RecordedEvent): RecordedEvent =>
    Object.defineProperties(Object.create(recorded) as RecordedEvent, {
      position: { value: shift(recorded.position), enumerable: true },
    });

  return {
    appendToStream: async (streamName, events, options) => {
      const result = await store.appendToStream(streamName, events, options);
      return { ...result, position: shift(result.position) };
    },
    readStream: async (streamName, options) =>
      (await store.readStream(streamName, options)).map(event),
    readStreams: async (streamNames, { through }) =>
      new Map(
        [...(await store.readStreams(streamNames, { through: unshift(through) }))].map(
          ([name, events]) => [name, events.map(event)],
        ),
      ),
    readAll: async (options) =>
      (
        await store.readAll({
          ...options,
          ...(options.after ? { after: unshift(options.after) } : {}),
        })
      ).map(event),
    subscribeToAll(options = {}) {
      const inner = store.subscribeToAll({
        ...options,
        ...(options.after ? { after: unshift(options.after) } : {}),
      });
      async function* messages(): AsyncGenerator<SubscriptionMessage> {
        for await (const message of inner) {
          if (message.kind === 'event') yield { kind: 'event', event: event(message.event) };
          else if (message.kind === 'checkpoint')
            yield { kind: 'checkpoint', position: serverCheckpoint(message.position) };
          else
            yield {
              kind: 'caughtUp',
              position: message.position && serverCheckpoint(message.position),
            };
        }
      }
      const iterator = messages();
      return { [Symbol.asyncIterator]: () => iterator, close: () => inner.close() };
    },
    ping: () => store.ping(),
    close: () => store.close(),
  };
}
