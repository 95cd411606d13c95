import type { JsonObject, JsonValue } from '../../domain/paymentEvent.js';
import type { RecordedEvent } from '../../eventStore/eventStore.js';
import type { ExportHead, ExportHeader, ExportTrailer } from './exportEnvelope.js';

export type ExportLine =
  | { readonly kind: 'header'; readonly header: ExportHeader }
  | { readonly kind: 'event'; readonly event: RecordedEvent }
  | { readonly kind: 'head'; readonly head: ExportHead }
  | { readonly kind: 'trailer'; readonly trailer: ExportTrailer }
  | { readonly kind: 'bad'; readonly reason: string };

const DIGITS = /^\d+$/;
const HEX_SHA256 = /^[0-9a-f]{64}$/;
const bad = (reason: string): ExportLine => ({ kind: 'bad', reason });

/** One line of an NDJSON export back into what it is, or why it is none of them. */
export function readExportLine(text: string): ExportLine {
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch {
    return bad('this line is not JSON');
  }
  if (!isObject(value)) return bad('this line is not an exported event');
  if ('payledgerExport' in value) return readHeader(value['payledgerExport']);
  if ('exportHead' in value) return readHead(value['exportHead']);
  if ('payledgerExportEnd' in value) return readTrailer(value['payledgerExportEnd']);
  return readEvent(value);
}

function readHeader(value: JsonValue | undefined): ExportLine {
  if (!isObject(value) || typeof value['version'] !== 'number' || !isObject(value['filter']))
    return bad('this header line lacks version or filter');
  const { version, exportedAt, filter, chainedSince } = value;
  const text = (key: string) => (typeof filter[key] === 'string' ? filter[key] : undefined);
  const from = text('from');
  const to = text('to');
  const gateway = text('gateway');
  return {
    kind: 'header',
    header: {
      version,
      exportedAt: typeof exportedAt === 'string' ? exportedAt : '',
      filter: {
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
        ...(gateway !== undefined ? { gateway } : {}),
      },
      chainedSince:
        typeof chainedSince === 'string' && DIGITS.test(chainedSince) ? chainedSince : null,
    },
  };
}

function readHead(value: JsonValue | undefined): ExportLine {
  if (!isObject(value)) return bad('this stream head line is malformed');
  const { stream, firstRevision, revision, hash, events } = value;
  if (
    typeof stream !== 'string' ||
    typeof firstRevision !== 'string' ||
    !DIGITS.test(firstRevision) ||
    typeof revision !== 'string' ||
    !DIGITS.test(revision) ||
    typeof hash !== 'string' ||
    !HEX_SHA256.test(hash) ||
    typeof events !== 'number'
  )
    return bad('this stream head line lacks stream, firstRevision, revision, hash or events');
  return { kind: 'head', head: { stream, firstRevision, revision, hash, events } };
}

function readTrailer(value: JsonValue | undefined): ExportLine {
  if (!isObject(value)) return bad('this trailer line is malformed');
  const { events, streams, scannedThrough } = value;
  const commit = isObject(scannedThrough) ? scannedThrough['commit'] : undefined;
  const prepare = isObject(scannedThrough) ? scannedThrough['prepare'] : undefined;
  if (typeof events !== 'number' || typeof streams !== 'number')
    return bad('this trailer line lacks events or streams');
  return {
    kind: 'trailer',
    trailer: {
      events,
      streams,
      scannedThrough:
        typeof commit === 'string' && DIGITS.test(commit)
          ? { commit, prepare: typeof prepare === 'string' ? prepare : commit }
          : null,
    },
  };
}

function readEvent(value: JsonObject): ExportLine {
  const { stream, revision, position, eventId, type, recordedAt, data, metadata } = value;
  const commit = isObject(position) ? position['commit'] : undefined;
  if (
    typeof stream !== 'string' ||
    typeof revision !== 'string' ||
    !DIGITS.test(revision) ||
    typeof commit !== 'string' ||
    !DIGITS.test(commit) ||
    typeof eventId !== 'string' ||
    typeof type !== 'string' ||
    typeof recordedAt !== 'string' ||
    data === undefined ||
    !isObject(metadata)
  ) {
    return bad(
      'this line lacks stream, revision, position, eventId, type, recordedAt, data or metadata',
    );
  }
  return {
    kind: 'event',
    event: {
      id: eventId,
      type,
      streamName: stream,
      revision: BigInt(revision),
      position: { commit: BigInt(commit), prepare: BigInt(commit) },
      data,
      metadata,
      recordedAt: new Date(recordedAt),
    },
  };
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
