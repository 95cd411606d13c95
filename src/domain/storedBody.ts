import type { JsonValue } from './paymentEvent.js';

/**
 * Bytes of every stored event kept for what is not the webhook body: the canonical payment facts,
 * the metadata (with the audit chain's values), the type and, for Ippopay, the API's answers.
 */
export const EVENT_ENVELOPE_RESERVE_BYTES = 16_384;

/**
 * The largest webhook body that fits one append of `maxAppendBytes` in every form the service
 * stores a body in: as text in a payment event, or as base64 (4 bytes per 3) in a payment event
 * whose text would not fit and in quarantine.
 */
export function largestStorableBodyBytes(maxAppendBytes: number): number {
  return Math.max(0, Math.floor((maxAppendBytes - EVENT_ENVELOPE_RESERVE_BYTES) / 4) * 3);
}

/** The body, kept once: its UTF-8 text, or base64 of its bytes when the text would not fit. */
export type StoredBody = { readonly rawBody: string } | { readonly rawBodyBase64: string };

/**
 * How a payment event keeps a body that decoded as JSON. In a JSON string its quotes,
 * backslashes and line breaks are escaped, which can double it; such a body, when large, is kept
 * as base64 instead, so that any body up to `largestStorableBodyBytes` fits.
 */
export function storedBody(rawBody: Buffer, text: string, maxAppendBytes: number): StoredBody {
  const budget = maxAppendBytes - EVENT_ENVELOPE_RESERVE_BYTES;
  const fits =
    rawBody.length * 2 <= budget || Buffer.byteLength(JSON.stringify(text)) - 2 <= budget;
  return fits ? { rawBody: text } : { rawBodyBase64: rawBody.toString('base64') };
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
