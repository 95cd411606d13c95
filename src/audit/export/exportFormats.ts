import type { JsonObject, JsonValue } from '../../domain/paymentEvent.js';
import type { RecordedEvent } from '../../eventStore/eventStore.js';
import { canonicalJson } from '../canonicalJson.js';
import { readChainValues } from '../chain/chainValues.js';
import { describeFilter, EXPORT_FORMAT_VERSION, type ExportTrailer } from './exportEnvelope.js';
import type { ExportFilter } from './exportEvents.js';

export type ExportFormat = 'ndjson' | 'csv';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['ndjson', 'csv'];

/** One NDJSON line: the event as `GET …/history` shows it, plus its stream. */
export function toNdjsonLine(event: RecordedEvent): string {
  return `${JSON.stringify({
    stream: event.streamName,
    revision: event.revision.toString(),
    position: {
      commit: event.position.commit.toString(),
      prepare: event.position.prepare.toString(),
    },
    eventId: event.id,
    type: event.type,
    recordedAt: event.recordedAt.toISOString(),
    data: event.data,
    metadata: event.metadata,
  })}\n`;
}

/** The CSV columns, in order (the README documents each). */
export const CSV_COLUMNS = [
  'stream',
  'revision',
  'position',
  'event_id',
  'type',
  'recorded_at',
  'received_at',
  'occurred_at',
  'gateway',
  'payment_id',
  'order_id',
  'status',
  'amount',
  'currency',
  'refunded_amount',
  'refund_id',
  'gateway_event_id',
  'gateway_event_type',
  'raw_body_sha256',
  'chain_prev',
  'chain_hash',
  'data',
] as const;

export const CSV_HEADER = `${CSV_COLUMNS.join(',')}\r\n`;

/** One CSV record (RFC 4180: CRLF, fields quoted when they hold a comma, quote or line break). */
export function toCsvRow(event: RecordedEvent): string {
  const data: JsonObject = isObject(event.data) ? event.data : {};
  const chain = readChainValues(event.metadata);
  const cells: (JsonValue | undefined)[] = [
    event.streamName,
    event.revision.toString(),
    event.position.commit.toString(),
    event.id,
    event.type,
    event.recordedAt.toISOString(),
    data['receivedAt'],
    data['occurredAt'],
    data['gateway'],
    data['paymentId'],
    data['orderId'],
    data['status'],
    data['amount'],
    data['currency'],
    data['refundedAmount'],
    data['refundId'],
    data['gatewayEventId'],
    data['gatewayEventType'],
    event.metadata['rawBodySha256'],
    chain?.prev,
    chain?.hash,
    canonicalJson(event.data),
  ];
  return `${cells.map(csvField).join(',')}\r\n`;
}

/** The first cell of the CSV export's last row, which holds the trailer in `data`. */
export const CSV_END_MARKER = '# end of export';

/**
 * The CSV export's last row: the marker in `stream` and, in `data`, the trailer (events,
 * streams, the log position read through) with the format version, filter and time. A CSV
 * without it was cut off.
 */
export function toCsvEndRow(trailer: ExportTrailer, filter: ExportFilter, now: Date): string {
  const end = {
    payledgerExportEnd: {
      ...trailer,
      version: EXPORT_FORMAT_VERSION,
      exportedAt: now.toISOString(),
      filter: describeFilter(filter),
    },
  };
  const cells = CSV_COLUMNS.map((column) =>
    column === 'stream' ? CSV_END_MARKER : column === 'data' ? JSON.stringify(end) : undefined,
  );
  return `${cells.map(csvField).join(',')}\r\n`;
}

function csvField(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  // A leading = + - @ would run as a formula in a spreadsheet (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function isObject(value: JsonValue): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
