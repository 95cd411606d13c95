import type { JsonObject } from '../../domain/paymentEvent.js';
import { contentHash, genesisHash, linkHash, type ChainableEvent } from './chainHash.js';
import { CHAIN_METADATA_KEY, readChainValues, type ChainValues } from './chainValues.js';

/**
 * The chain value at the end of a stream's stored events. Events written before chaining have
 * none; for them it is computed as if they had been chained, so the first chained event after
 * them seals them too.
 */
export function headChainValue(streamName: string, stored: readonly ChainableEvent[]): string {
  let start = stored.length;
  let value = genesisHash(streamName);
  for (const event of [...stored].reverse()) {
    const recorded = readChainValues(event.metadata);
    if (recorded) {
      value = recorded.hash;
      break;
    }
    start -= 1;
  }
  for (const event of stored.slice(start)) value = linkHash(value, contentHash(event));
  return value;
}

/** The chain values of `event` appended after `stored`, the stream's events as read. */
export function nextChainValues(
  streamName: string,
  stored: readonly ChainableEvent[],
  event: ChainableEvent,
): ChainValues {
  const prev = headChainValue(streamName, stored);
  return { v: 1, prev, hash: linkHash(prev, contentHash(event)) };
}

/** `metadata` with the chain values added (the append's metadata). */
export function withChainValues(metadata: JsonObject, chain: ChainValues): JsonObject {
  return { ...metadata, [CHAIN_METADATA_KEY]: { v: chain.v, prev: chain.prev, hash: chain.hash } };
}
