import { Readable } from 'node:stream';
import type { EventStore } from '../../eventStore/eventStore.js';
import { exportEvents, type ExportFilter } from './exportEvents.js';
import { CSV_HEADER, toCsvRow, toNdjsonLine, type ExportFormat } from './exportFormats.js';

/**
 * The export as text chunks of a few hundred events each, pulled on demand: wrap it in
 * `Readable.from` and a slow reader slows the reading of the log (back-pressure).
 */
export async function* exportLines(
  eventStore: EventStore,
  format: ExportFormat,
  filter: ExportFilter,
  options: { readonly signal?: AbortSignal; readonly onEvent?: () => void } = {},
): AsyncGenerator<string> {
  const line = format === 'csv' ? toCsvRow : toNdjsonLine;
  let chunk = format === 'csv' ? CSV_HEADER : '';
  let lines = 0;
  for await (const event of exportEvents(eventStore, filter, options)) {
    chunk += line(event);
    options.onEvent?.();
    lines += 1;
    if (lines === 256) {
      yield chunk;
      chunk = '';
      lines = 0;
    }
  }
  if (chunk !== '') yield chunk;
}

/**
 * The export as a readable stream that buffers at most two chunks ahead of its reader, so a slow
 * client holds the reading of the log at about one page (what `GET /audit/export` sends).
 */
export function exportStream(
  eventStore: EventStore,
  format: ExportFormat,
  filter: ExportFilter,
  signal?: AbortSignal,
): Readable {
  return Readable.from(exportLines(eventStore, format, filter, signal ? { signal } : {}), {
    highWaterMark: 2,
  });
}
