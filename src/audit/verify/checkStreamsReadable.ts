import type { EventStore } from '../../eventStore/eventStore.js';
import type { ChainHead } from '../chain/chainHeads.js';
import type { ChainProblem } from '../chain/checkStreamChain.js';
import { describeRevisions } from '../chain/describeRevisions.js';

/**
 * EventStoreDB can hide events from reads by stream name while `$all` still holds them until a
 * scavenge: a soft-deleted stream, a `$tb` truncation, `$maxAge` or `$maxCount`. Verification
 * folds `$all`, so each stream is also read by name: its first event must be revision 0 and its
 * folded head must still be there (events appended since are fine). A few streams at a time.
 */
export async function checkStreamsReadable(
  eventStore: EventStore,
  heads: ReadonlyMap<string, ChainHead>,
  options: {
    readonly skip: ReadonlySet<string>;
    readonly onProblem: (problem: ChainProblem) => void;
    readonly signal?: AbortSignal | undefined;
    readonly concurrency?: number;
  },
): Promise<number> {
  let problems = 0;
  const report = (stream: string, revision: bigint, detail: string) => {
    problems += 1;
    options.onProblem({ stream, revision, kind: 'missing', detail });
  };
  const check = async (head: ChainHead) => {
    const [first] = await eventStore.readStream(head.stream, { fromRevision: 0n, maxCount: 1 });
    if (!first) {
      report(
        head.stream,
        0n,
        `the stream no longer reads by name, though the global log still holds ${describeRevisions(0n, head.revision)} (deleted in the event store, not yet scavenged)`,
      );
      return;
    }
    if (first.revision > 0n) {
      report(
        head.stream,
        0n,
        `${describeRevisions(0n, first.revision - 1n)} no longer read by name, though the global log still holds them (truncated in the event store)`,
      );
    }
    const [last] = await eventStore.readStream(head.stream, {
      fromRevision: head.revision,
      maxCount: 1,
    });
    if (last?.revision !== head.revision) {
      report(
        head.stream,
        head.revision,
        `revision ${head.revision} no longer reads by name, though the global log still holds it`,
      );
    }
  };
  const queue = [...heads.values()].filter((head) => !options.skip.has(head.stream));
  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      options.signal?.throwIfAborted();
      const head = queue[next];
      next += 1;
      if (head) await check(head);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 16 }, worker));
  return problems;
}
