import { Readable } from 'node:stream';
import type { EventStore, GlobalPosition } from '../../eventStore/eventStore.js';
import { createChainHeads } from '../chain/chainHeads.js';
import { readChainingStart } from '../verify/chainingStart.js';
import {
  exportHeaderLine,
  exportHeadLine,
  exportTrailer,
  exportTrailerLine,
} from './exportEnvelope.js';
import { exportEvents, type ExportFilter } from './exportEvents.js';
import {
  CSV_HEADER,
  toCsvEndRow,
  toCsvRow,
  toNdjsonLine,
  type ExportFormat,
} from './exportFormats.js';

const LINES_PER_CHUNK = 256;

export interface ExportOptions {
  readonly signal?: AbortSignal;
  readonly onEvent?: () => void;
  /** The export's time, for the header (default: now). */
  readonly now?: Date;
}

/**
 * The export as text chunks of a few hundred lines each, pulled on demand: wrap it in
 * `Readable.from` and a slow reader slows the reading of the log (back-pressure).
 *
 * NDJSON: a header line (format version, filter, where chaining began), one line per event, one
 * head line per exported stream (first and last revision, event count, chain value at the end),
 * then a trailer (events, streams, the log position read through). A file that lacks the trailer
 * was cut off; one that lacks a line the heads or counts promise lost it. The heads take about
 * 250 bytes per stream in memory, as `verify` does. CSV: the header row, the events, then one
 * end row holding the trailer and filter as JSON in `data`.
 */
export async function* exportLines(
  eventStore: EventStore,
  format: ExportFormat,
  filter: ExportFilter,
  options: ExportOptions = {},
): AsyncGenerator<string> {
  const now = options.now ?? new Date();
  const ndjson = format === 'ndjson';
  const chainedSince = ndjson ? await readChainingStart(eventStore) : undefined;
  const fold = createChainHeads({ checkContent: false, partial: filter.from !== undefined });
  const counts = new Map<string, { readonly first: bigint; events: number }>();
  let scannedThrough: GlobalPosition | undefined;
  let events = 0;
  let chunk = ndjson ? exportHeaderLine(filter, chainedSince, now) : CSV_HEADER;
  let lines = 0;
  const flushIfFull = () => {
    lines += 1;
    if (lines < LINES_PER_CHUNK) return undefined;
    const full = chunk;
    chunk = '';
    lines = 0;
    return full;
  };

  for await (const event of exportEvents(eventStore, filter, {
    ...options,
    onScanned: (position) => {
      scannedThrough = position;
    },
  })) {
    events += 1;
    options.onEvent?.();
    const count = counts.get(event.streamName);
    if (count) count.events += 1;
    else counts.set(event.streamName, { first: event.revision, events: 1 });
    if (ndjson) {
      chunk += toNdjsonLine(event);
      fold.apply(event);
    } else {
      chunk += toCsvRow(event);
    }
    const full = flushIfFull();
    if (full !== undefined) yield full;
  }

  const trailer = exportTrailer(events, counts.size, scannedThrough);
  if (!ndjson) {
    yield `${chunk}${toCsvEndRow(trailer, filter, now)}`;
    return;
  }
  for (const [stream, head] of fold.heads) {
    const count = counts.get(stream);
    chunk += exportHeadLine({
      stream,
      firstRevision: (count?.first ?? 0n).toString(),
      revision: head.revision.toString(),
      hash: head.hash,
      events: count?.events ?? 0,
    });
    const full = flushIfFull();
    if (full !== undefined) yield full;
  }
  yield `${chunk}${exportTrailerLine(trailer)}`;
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
