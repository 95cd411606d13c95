import { createHash } from 'node:crypto';
import type { JsonObject, JsonValue } from '../../domain/paymentEvent.js';
import { canonicalJson } from '../canonicalJson.js';

/** The parts of an event the chain covers. */
export interface ChainableEvent {
  readonly id: string;
  readonly type: string;
  readonly data: JsonValue;
  readonly metadata: JsonObject;
}

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The chain value "before" a stream's first event: binds the chain to the stream's name. */
export function genesisHash(streamName: string): string {
  return sha256Hex(`payledger-chain-v1\n${streamName}`);
}

/**
 * SHA-256 of the event's canonical content: `{"data","id","rawBodySha256","receivedAt","type"}`
 * as canonical JSON, where `rawBodySha256` comes from the metadata and `receivedAt` (our recorded
 * time) from the data, each null when absent.
 */
export function contentHash(event: ChainableEvent): string {
  const data = chainedData(event.data);
  const receivedAt = isObject(event.data) ? (event.data['receivedAt'] ?? null) : null;
  return sha256Hex(
    canonicalJson({
      data,
      id: event.id,
      rawBodySha256: event.metadata['rawBodySha256'] ?? null,
      receivedAt,
      type: event.type,
    }),
  );
}

/** An event's chain value: SHA-256 over the previous chain value and its content hash (bytes). */
export function linkHash(previous: string, content: string): string {
  return createHash('sha256')
    .update(Buffer.from(previous, 'hex'))
    .update(Buffer.from(content, 'hex'))
    .digest('hex');
}

/**
 * `data` as hashed. A `payload` that is exactly the parse of `rawBody` says nothing `rawBody`
 * does not, and the event store may derive it when reading instead of storing it (issue 12), so
 * it is left out; any other `payload` (Ippopay's confirmation, or one edited in the store) is
 * hashed with the rest.
 */
function chainedData(data: JsonValue): JsonValue {
  if (!isObject(data) || data['payload'] === undefined || typeof data['rawBody'] !== 'string') {
    return data;
  }
  const { payload, ...rest } = data;
  // Fast path: a compact body whose keys were kept in order re-serializes to itself.
  if (JSON.stringify(payload) === data['rawBody']) return rest;
  let parsed: JsonValue;
  try {
    parsed = JSON.parse(data['rawBody']) as JsonValue;
  } catch {
    return data;
  }
  return canonicalJson(payload) === canonicalJson(parsed) ? rest : data;
}

function isObject(value: JsonValue): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
