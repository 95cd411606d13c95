import type { JsonValue } from './paymentEvent.js';

/**
 * Bytes of every stored event kept for what is not the webhook body: the canonical payment facts,
 * the metadata (with the audit chain's values), the type and, for Ippopay, the API's answers.
 */
export const EVENT_ENVELOPE_RESERVE_BYTES = 16_384;

/**
 * The largest webhook body that fits one append of `maxAppendBytes` however it is stored: as
 * text, or as base64 (4 bytes per 3) when escaping would make the text larger (`storedBody`).
 */
export function largestStorableBodyBytes(maxAppendBytes: number): number {
  return Math.max(0, Math.floor((maxAppendBytes - EVENT_ENVELOPE_RESERVE_BYTES) / 4) * 3);
}

/** The body, kept once: its UTF-8 text, or base64 of its bytes when that is smaller. */
export type StoredBody = { readonly rawBody: string } | { readonly rawBodyBase64: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * How an event keeps a body: as text when, escaped in a JSON string, it takes no more bytes than
 * base64 would, else as base64; so it never takes more than 4 bytes per 3 of the body, which is
 * what `largestStorableBodyBytes` counts on. Quotes, backslashes and line breaks grow once
 * escaped: real JSON bodies by about a tenth, so they stay readable; compact JSON made of very
 * short strings can grow by more than a third and is kept as base64. Bytes that are not UTF-8
 * are always base64.
 */
export function storedBody(bytes: Buffer, text?: string): StoredBody {
  const asText = text ?? decodedOrUndefined(bytes);
  const base64Bytes = Math.ceil(bytes.length / 3) * 4;
  if (asText !== undefined && Buffer.byteLength(JSON.stringify(asText)) - 2 <= base64Bytes)
    return { rawBody: asText };
  return { rawBodyBase64: bytes.toString('base64') };
}

function decodedOrUndefined(bytes: Buffer): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * A payment event's data as the history shows it: with the body as text (`rawBody`) and the
 * gateway's JSON (`payload`), parsed from the body when only the body was kept. Events stored
 * before the body was kept once carry both already, and show as stored.
 */
export function withGatewayPayload(data: JsonValue): JsonValue {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return data;
  const encoded = data['rawBodyBase64'];
  const rawBody =
    typeof data['rawBody'] === 'string'
      ? data['rawBody']
      : typeof encoded === 'string'
        ? Buffer.from(encoded, 'base64').toString('utf8')
        : undefined;
  if (rawBody === undefined) return data;
  if (data['payload'] !== undefined) return { ...data, rawBody };
  return { ...data, payload: parsedOrNull(rawBody), rawBody };
}

function parsedOrNull(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return null;
  }
}
