import type { EventStore, GlobalPosition, RecordedEvent } from '../eventStore/eventStore.js';

/**
 * The global log, one page at a time, for streams starting with `prefix`: the loop every full
 * scan (verify, export, a digest fold) shares. Pulling the next page is what reads it.
 */
export async function* readLogPages(
  eventStore: EventStore,
  prefix: string,
  options: { readonly pageSize?: number; readonly signal?: AbortSignal | undefined } = {},
): AsyncGenerator<RecordedEvent[]> {
  let after: GlobalPosition | undefined;
  for (;;) {
    options.signal?.throwIfAborted();
    const page = await eventStore.readAll({
      ...(after ? { after } : {}),
      maxCount: options.pageSize ?? 1000,
      streamPrefixes: [prefix],
    });
    if (page.length === 0) return;
    yield page;
    after = page.at(-1)?.position;
  }
}
