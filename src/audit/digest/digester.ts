import type { Clock } from '../../domain/clock.js';
import { PAYMENT_STREAM_PREFIX } from '../../domain/paymentStream.js';
import type { EventStore, GlobalPosition, Subscription } from '../../eventStore/eventStore.js';
import { StreamRevisionConflictError } from '../../eventStore/eventStoreErrors.js';
import type { Logger } from '../../observability/logger.js';
import { createChainHeads } from '../chain/chainHeads.js';
import { appendDigest } from './appendDigest.js';
import type { SignedDigest } from './digestRecord.js';
import type { DigestSigner } from './digestSigning.js';
import { findLastDigest, type StoredDigest } from './digestStream.js';
import { createLeafHashCache, mergeSortedNames, type DigestLeaf } from './merkleTree.js';

export interface Digester {
  /** The last digest this instance appended, with its leaves in tree order (for proofs). */
  latest(): { readonly digest: SignedDigest; readonly leaves: readonly DigestLeaf[] } | undefined;
  /** Appends a digest now if anything changed since the last one; what `intervalSeconds` runs. */
  digestNow(): Promise<SignedDigest | undefined>;
  whenCaughtUp(): Promise<void>;
  /** Payment events folded so far. */
  foldedEvents(): number;
  stop(): Promise<void>;
}

export interface DigesterOptions {
  readonly eventStore: EventStore;
  readonly intervalSeconds: number;
  readonly signer: DigestSigner | undefined;
  readonly logger: Logger;
  readonly clock: Clock;
}

/**
 * Keeps every payment stream's chain head in memory, folded from a catch-up subscription to the
 * log, and every `intervalSeconds` appends a digest when the log moved. Every instance may run
 * one: appends to the digest stream use exact expected revisions, so when two race, one wins and
 * the other drops its digest; an instance whose fold is behind the last digest appends nothing.
 */
export function startDigester(options: DigesterOptions): Digester {
  const fold = createChainHeads({ checkContent: false });
  let position: GlobalPosition | undefined;
  let caughtUp = false;
  let resolveCaughtUp: () => void = () => undefined;
  const caughtUpPromise = new Promise<void>((resolve) => {
    resolveCaughtUp = resolve;
  });
  let latest: ReturnType<Digester['latest']>;
  let known: { headRevision: bigint | undefined; last: StoredDigest | undefined } | undefined;
  let running: Promise<SignedDigest | undefined> | undefined;
  let subscription: Subscription | undefined;
  // The fold waits while a digest is made, so the digest reads the heads in place, unchanged.
  let folding: Promise<void> = Promise.resolve();
  let sortedStreams: string[] = [];
  const newStreams: string[] = [];
  const hashOf = createLeafHashCache();
  const stopping = new AbortController();
  const isStopped = () => stopping.signal.aborted;

  const follow = (async () => {
    while (!isStopped()) {
      try {
        subscription = options.eventStore.subscribeToAll({
          ...(position ? { after: position } : {}),
          streamPrefixes: [PAYMENT_STREAM_PREFIX],
        });
        for await (const message of subscription) {
          if (message.kind === 'event') {
            await folding;
            if (!fold.heads.has(message.event.streamName)) {
              newStreams.push(message.event.streamName);
            }
            if (!fold.apply(message.event)) {
              options.logger.warn('audit: an event does not continue its stream’s chain', {
                stream: message.event.streamName,
                revision: message.event.revision,
              });
            }
            position = message.event.position;
          } else if (message.kind === 'caughtUp') {
            caughtUp = true;
            resolveCaughtUp();
          }
        }
      } catch (error) {
        if (isStopped()) break;
        options.logger.warn('audit: digest subscription failed; resubscribing', {
          error: error instanceof Error ? error.message : String(error),
        });
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  })();

  async function digest(): Promise<SignedDigest | undefined> {
    if (!caughtUp || !position) return undefined;
    known ??= await findLastDigest(options.eventStore);
    const lastUpTo = known.last ? BigInt(known.last.digest.body.upTo.commit) : -1n;
    if (position.commit <= lastUpTo) return undefined;
    let resume: () => void = () => undefined;
    folding = new Promise((resolve) => {
      resume = resolve;
    });
    try {
      sortedStreams = mergeSortedNames(sortedStreams, newStreams.splice(0));
      const leaves = sortedStreams.flatMap((stream) => fold.heads.get(stream) ?? []);
      const snapshot = { leaves, events: fold.events(), upTo: position, hashOf };
      const appended = await appendDigest(options.eventStore, snapshot, known, {
        createdAt: options.clock(),
        signer: options.signer,
      });
      known = {
        headRevision: appended.revision,
        last: { digest: appended.digest, revision: appended.revision },
      };
      latest = { digest: appended.digest, leaves };
      options.logger.info('audit: digest appended', {
        sequence: appended.digest.body.sequence,
        streams: appended.digest.body.streams,
        root: appended.digest.body.root,
      });
      return appended.digest;
    } catch (error) {
      known = undefined;
      if (error instanceof StreamRevisionConflictError) return undefined;
      throw error;
    } finally {
      resume();
    }
  }

  const digestNow = () => {
    running ??= digest().finally(() => {
      running = undefined;
    });
    return running;
  };

  const timer =
    options.intervalSeconds > 0
      ? setInterval(() => {
          digestNow().catch((error: unknown) => {
            options.logger.warn('audit: digest not appended; retrying at the next interval', {
              error: error instanceof Error ? error.message : String(error),
            });
          });
        }, options.intervalSeconds * 1000)
      : undefined;

  return {
    latest: () => latest,
    digestNow,
    whenCaughtUp: () => caughtUpPromise,
    foldedEvents: () => fold.events(),
    async stop() {
      stopping.abort();
      if (timer) clearInterval(timer);
      await subscription?.close();
      await follow;
      await running?.catch(() => undefined);
    },
  };
}
