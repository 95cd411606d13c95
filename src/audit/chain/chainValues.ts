import type { JsonObject, JsonValue } from '../../domain/paymentEvent.js';

/** Key of the chain values in an event's metadata. */
export const CHAIN_METADATA_KEY = 'chain';

/**
 * What each payment event's metadata carries under `chain` (163 bytes of JSON with the key):
 * `prev`, the chain value of the event before it in its stream (for the first event, the
 * stream's genesis value), and `hash`, its own chain value. Both hex SHA-256.
 */
export interface ChainValues {
  readonly v: 1;
  readonly prev: string;
  readonly hash: string;
}

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** The chain values of an event, or undefined when it has none (written before chaining). */
export function readChainValues(metadata: JsonObject): ChainValues | undefined {
  const chain: JsonValue | undefined = metadata[CHAIN_METADATA_KEY];
  if (chain === null || typeof chain !== 'object' || Array.isArray(chain)) return undefined;
  const { v, prev, hash } = chain;
  if (v !== 1 || typeof prev !== 'string' || typeof hash !== 'string') return undefined;
  if (!HEX_SHA256.test(prev) || !HEX_SHA256.test(hash)) return undefined;
  return { v, prev, hash };
}

/** Whether the metadata has a `chain` entry at all (well-formed or not). */
export function hasChainEntry(metadata: JsonObject): boolean {
  return metadata[CHAIN_METADATA_KEY] !== undefined;
}
