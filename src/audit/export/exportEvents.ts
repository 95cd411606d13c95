import { PAYMENT_STREAM_PREFIX } from '../../domain/paymentStream.js';
import type { EventStore, GlobalPosition, RecordedEvent } from '../../eventStore/eventStore.js';
import { readLogPages } from '../readLogPages.js';

export interface ExportFilter {
  /** Events recorded at or after this instant. */
  readonly from?: Date;
  /** Events recorded before this instant. */
  readonly to?: Date;
  readonly gateway?: string;
}

/**
 * Every payment event matching the filter, in log order, one page at a time: a consumer that
 * stops pulling stops the reading, so an export never holds more than a page.
 */
export async function* exportEvents(
  eventStore: EventStore,
  filter: ExportFilter,
  options: {
    readonly pageSize?: number;
    readonly signal?: AbortSignal;
    /** Told the position of the last event of each page read, matching the filter or not. */
    readonly onScanned?: (position: GlobalPosition) => void;
  } = {},
): AsyncGenerator<RecordedEvent> {
  const prefix =
    filter.gateway === undefined
      ? PAYMENT_STREAM_PREFIX
      : `${PAYMENT_STREAM_PREFIX}${filter.gateway}:`;
  for await (const page of readLogPages(eventStore, prefix, options)) {
    const last = page.at(-1);
    if (last) options.onScanned?.(last.position);
    for (const event of page) {
      if (filter.from && event.recordedAt < filter.from) continue;
      if (filter.to && event.recordedAt >= filter.to) continue;
      yield event;
    }
  }
}
