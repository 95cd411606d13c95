import type { RecordedEvent } from '../../eventStore/eventStore.js';
import { contentHash, genesisHash, linkHash } from './chainHash.js';
import { readChainValues } from './chainValues.js';

/** Where a stream's chain stands after the events folded so far: a digest leaf. */
export interface ChainHead {
  readonly stream: string;
  readonly revision: bigint;
  /** Chain value of the stream's last event (computed for one written before chaining). */
  readonly hash: string;
  /** Global position (commit) of that event. */
  readonly commit: bigint;
  readonly chained: boolean;
}

export interface ChainHeads {
  readonly heads: ReadonlyMap<string, ChainHead>;
  /** Payment events folded. */
  readonly events: () => number;
  /**
   * Folds one event of the global log into its stream's head. Returns false when the event does
   * not continue its stream's chain as stored (wrong revision, link or content): the stream is then
   * worth a full check. `checkContent: false` trusts recorded chain values (the service's own
   * appends) and only hashes events that have none.
   */
  apply(event: RecordedEvent): boolean;
}

/**
 * An in-memory fold of the log into one head per payment stream, in about 200 bytes per stream;
 * shared by `payledger verify` and the service's digests.
 */
export function createChainHeads(options: {
  readonly checkContent: boolean;
  /** Streams may start after revision 0 (a filtered export): their first link is taken as is. */
  readonly partial?: boolean;
}): ChainHeads {
  const heads = new Map<string, ChainHead>();
  let events = 0;
  return {
    heads,
    events: () => events,
    apply(event) {
      events += 1;
      const head = heads.get(event.streamName);
      const recorded = readChainValues(event.metadata);
      const joinsMidway = !head && options.partial === true && event.revision > 0n;
      const previous = head
        ? head.hash
        : joinsMidway && recorded
          ? recorded.prev
          : genesisHash(event.streamName);
      let ok = joinsMidway || event.revision === (head ? head.revision + 1n : 0n);
      let hash: string;
      if (recorded) {
        hash = recorded.hash;
        ok &&= recorded.prev === previous;
        if (options.checkContent) ok &&= linkHash(recorded.prev, contentHash(event)) === hash;
      } else {
        hash = linkHash(previous, contentHash(event));
        ok &&= !head?.chained;
      }
      heads.set(event.streamName, {
        stream: event.streamName,
        revision: event.revision,
        hash,
        commit: event.position.commit,
        chained: head?.chained === true || recorded !== undefined,
      });
      return ok;
    },
  };
}
