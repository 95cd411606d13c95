import type { GlobalPosition } from '../../eventStore/eventStore.js';
import type { ExportFilter } from './exportEvents.js';

/** The version of the NDJSON export's layout: header, events, stream heads, trailer. */
export const EXPORT_FORMAT_VERSION = 1;

/**
 * The first line of an NDJSON export: what was asked for, so a reader knows what the file should
 * hold (a `from` filter is the only reason a stream may start after revision 0).
 */
export interface ExportHeader {
  readonly version: number;
  readonly exportedAt: string;
  readonly filter: { readonly from?: string; readonly to?: string; readonly gateway?: string };
  /** A log position by which chaining had certainly begun (the first digest), or null. */
  readonly chainedSince: string | null;
}

/** One line per exported stream after the events: where the export ended it. */
export interface ExportHead {
  readonly stream: string;
  readonly firstRevision: string;
  readonly revision: string;
  /** The chain value at `revision`, as the export folded it (computed for an unchained event). */
  readonly hash: string;
  readonly events: number;
}

/** The last line: how much was written, and how far the log was read. */
export interface ExportTrailer {
  readonly events: number;
  readonly streams: number;
  /** The log position the export read through (the log's start to here), or null if empty. */
  readonly scannedThrough: { readonly commit: string; readonly prepare: string } | null;
}

/** The filter as the export's header (and CSV end row) records it. */
export function describeFilter(filter: ExportFilter): ExportHeader['filter'] {
  return {
    ...(filter.from ? { from: filter.from.toISOString() } : {}),
    ...(filter.to ? { to: filter.to.toISOString() } : {}),
    ...(filter.gateway !== undefined ? { gateway: filter.gateway } : {}),
  };
}

export function exportHeaderLine(
  filter: ExportFilter,
  chainedSince: bigint | undefined,
  now: Date,
) {
  const header: ExportHeader = {
    version: EXPORT_FORMAT_VERSION,
    exportedAt: now.toISOString(),
    filter: describeFilter(filter),
    chainedSince: chainedSince === undefined ? null : chainedSince.toString(),
  };
  return `${JSON.stringify({ payledgerExport: header })}\n`;
}

export function exportHeadLine(head: ExportHead): string {
  return `${JSON.stringify({ exportHead: head })}\n`;
}

export function exportTrailer(
  events: number,
  streams: number,
  scannedThrough: GlobalPosition | undefined,
): ExportTrailer {
  return {
    events,
    streams,
    scannedThrough: scannedThrough
      ? {
          commit: scannedThrough.commit.toString(),
          prepare: scannedThrough.prepare.toString(),
        }
      : null,
  };
}

export function exportTrailerLine(trailer: ExportTrailer): string {
  return `${JSON.stringify({ payledgerExportEnd: trailer })}\n`;
}
