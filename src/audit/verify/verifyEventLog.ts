import { PAYMENT_STREAM_PREFIX } from '../../domain/paymentStream.js';
import type { EventStore } from '../../eventStore/eventStore.js';
import { createChainHeads, type ChainHead } from '../chain/chainHeads.js';
import { hasChainEntry } from '../chain/chainValues.js';
import { checkStreamChain, type ChainProblem } from '../chain/checkStreamChain.js';
import { readLogPages } from '../readLogPages.js';
import { earlierStart, readChainingStart } from './chainingStart.js';
import { checkStreamsReadable } from './checkStreamsReadable.js';

/** Called once with every stream's head as of this log position (commit), for a saved digest. */
export interface HeadsAt {
  readonly position: bigint;
  readonly reached: (heads: ReadonlyMap<string, ChainHead>) => void;
}

export interface VerifyLogOptions {
  readonly onProblem: (problem: ChainProblem) => void;
  readonly onProgress?: (events: number, elapsedSeconds: number) => void;
  readonly headsAt?: HeadsAt;
  readonly signal?: AbortSignal;
  readonly pageSize?: number;
}

export interface VerifyLogSummary {
  readonly events: number;
  readonly streams: number;
  readonly problems: number;
  readonly brokenStreams: number;
  /**
   * Streams beginning with events written before chaining, and how many such events: those
   * recorded before chaining had begun (the first digest, or the first chained event).
   */
  readonly unchained: { readonly streams: number; readonly events: number };
  readonly seconds: number;
}

/**
 * Checks every payment stream's chain in one pass over the global log, in memory that grows with
 * the number of streams (one head each), not of events. A stream whose events do not continue its
 * chain is then read whole and checked by `checkStreamChain`, which says what is wrong where;
 * every other stream is read by name once, to see that the store still shows what `$all` holds.
 * A payment event without chain values recorded after chaining had begun (see
 * `readChainingStart`, or the first chained event of the log) is a problem, not a legacy event.
 */
export async function verifyEventLog(
  eventStore: EventStore,
  options: VerifyLogOptions,
): Promise<VerifyLogSummary> {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const fold = createChainHeads({ checkContent: true });
  const suspects = new Set<string>();
  const legacy = new Map<string, number>();
  let chainedSince = await readChainingStart(eventStore);
  let headsPending = options.headsAt;
  const reachHeads = () => {
    headsPending?.reached(fold.heads);
    headsPending = undefined;
  };

  for await (const page of readLogPages(eventStore, PAYMENT_STREAM_PREFIX, options)) {
    for (const event of page) {
      if (headsPending && event.position.commit > headsPending.position) reachHeads();
      if (!fold.apply(event)) suspects.add(event.streamName);
      if (hasChainEntry(event.metadata)) {
        chainedSince = earlierStart(chainedSince, event.position.commit);
      } else if (chainedSince !== undefined && event.position.commit > chainedSince) {
        suspects.add(event.streamName);
      } else if (!fold.heads.get(event.streamName)?.chained) {
        legacy.set(event.streamName, (legacy.get(event.streamName) ?? 0) + 1);
      }
    }
    options.onProgress?.(fold.events(), elapsed());
  }
  reachHeads();

  let problems = 0;
  for (const stream of [...suspects].sort()) {
    options.signal?.throwIfAborted();
    const report = checkStreamChain(stream, await eventStore.readStream(stream), {
      chainedSince,
    });
    for (const problem of report.problems) options.onProblem(problem);
    problems += report.problems.length;
    if (report.problems.length === 0) suspects.delete(stream);
  }
  const unreadable = await checkStreamsReadable(eventStore, fold.heads, {
    skip: suspects,
    onProblem: options.onProblem,
    signal: options.signal,
  });
  problems += unreadable;
  return {
    events: fold.events(),
    streams: fold.heads.size,
    problems,
    brokenStreams: suspects.size,
    unchained: { streams: legacy.size, events: [...legacy.values()].reduce((a, b) => a + b, 0) },
    seconds: elapsed(),
  };
}
