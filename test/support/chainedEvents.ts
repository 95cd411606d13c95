import { nextChainValues, withChainValues } from '../../src/audit/chain/chainEvent.js';
import type { StoredChainEvent } from '../../src/audit/chain/checkStreamChain.js';
import { aPaymentEvent, type PaymentEventSpec } from './paymentEvents.js';

/** A stream of `count` payment events chained as the ingest chains them, revisions 0…count-1. */
export function aChainedStream(
  count: number,
  spec: PaymentEventSpec = {},
): { readonly stream: string; readonly events: StoredChainEvent[] } {
  const events: StoredChainEvent[] = [];
  let stream = '';
  for (let revision = 0; revision < count; revision += 1) {
    const { streamName, ...event } = aPaymentEvent({ paymentId: 'pi_chain', ...spec });
    stream = streamName;
    const chain = nextChainValues(streamName, events, event);
    events.push({
      ...event,
      metadata: withChainValues(event.metadata, chain),
      revision: BigInt(revision),
    });
  }
  return { stream, events };
}

/** The same events renumbered 0…n-1 in their new order. */
export function renumbered(events: readonly StoredChainEvent[]): StoredChainEvent[] {
  return events.map((event, index) => ({ ...event, revision: BigInt(index) }));
}

/** The same events with their chain values computed afresh, in order. */
export function aChainedStreamOf(
  stream: string,
  unchained: readonly StoredChainEvent[],
): StoredChainEvent[] {
  const events: StoredChainEvent[] = [];
  for (const event of unchained) {
    const { chain: _chain, ...metadata } = event.metadata;
    const chain = nextChainValues(stream, events, { ...event, metadata });
    events.push({ ...event, metadata: withChainValues(metadata, chain) });
  }
  return events;
}
