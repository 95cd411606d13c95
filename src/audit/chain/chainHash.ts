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
 * `data` as hashed: as stored, less what a reader may add that the stored body already says. A
 * `payload` that is exactly the parse of the body adds nothing to the body, which is hashed, and
 * the store keeps the body only (issue 12), so it is left out; any other `payload` (Ippopay's
 * confirmation, or one edited in the store) is hashed. Likewise a `rawBody` beside a
 * `rawBodyBase64` that decodes to it. So the history's view of an event and the event as stored
 * give the same hash.
 */
function chainedData(data: JsonValue): JsonValue {
  if (!isObject(data)) return data;
  const encoded = data['rawBodyBase64'];
  const rawBody = data['rawBody'];
  const decoded =
    typeof encoded === 'string' ? Buffer.from(encoded, 'base64').toString('utf8') : undefined;
  let hashed = data;
  if (decoded !== undefined && rawBody === decoded) {
    const { rawBody: _derived, ...rest } = hashed;
    hashed = rest;
  }
  const body = decoded ?? (typeof rawBody === 'string' ? rawBody : undefined);
  if (hashed['payload'] === undefined || body === undefined) return hashed;
  const { payload, ...rest } = hashed;
  // Fast path: a compact body whose keys were kept in order re-serializes to itself.
  if (JSON.stringify(payload) === body) return rest;
  let parsed: JsonValue;
  try {
    parsed = JSON.parse(body) as JsonValue;
  } catch {
    return hashed;
  }
  return sameJson(payload, parsed) ? rest : hashed;
}

/** Deep equality of two JSON values, key order aside. */
function sameJson(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => sameJson(item, b[index] as JsonValue));
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => {
    const other = b[key];
    return other !== undefined && sameJson(a[key] as JsonValue, other);
  });
}

function isObject(value: JsonValue): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
