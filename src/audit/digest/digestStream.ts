import type { JsonValue } from '../../domain/paymentEvent.js';
import type { EventStore, RecordedEvent } from '../../eventStore/eventStore.js';
import {
  DIGEST_EVENT_TYPE,
  DIGEST_LEAVES_EVENT_TYPE,
  DIGEST_STREAM,
  digestHash,
  parseSignedDigest,
  type SignedDigest,
} from './digestRecord.js';
import type { DigestLeaf } from './merkleTree.js';

const PAGE = 500;

export interface StoredDigest {
  readonly digest: SignedDigest;
  /** Its revision in the digest stream. */
  readonly revision: bigint;
}

/**
 * The digest stream's last event revision and its last digest, found without reading the whole
 * stream (the port reads forwards only): a binary search for the end, then pages backwards.
 */
export async function findLastDigest(
  eventStore: EventStore,
): Promise<{ readonly headRevision: bigint | undefined; readonly last: StoredDigest | undefined }> {
  const exists = async (revision: bigint) =>
    (await eventStore.readStream(DIGEST_STREAM, { fromRevision: revision, maxCount: 1 })).length >
    0;
  if (!(await exists(0n))) return { headRevision: undefined, last: undefined };
  let low = 0n;
  let high = 1n;
  while (await exists(high)) {
    low = high;
    high *= 2n;
  }
  while (high - low > 1n) {
    const middle = (low + high) / 2n;
    if (await exists(middle)) low = middle;
    else high = middle;
  }
  for (let end = low; end >= 0n; end -= BigInt(PAGE)) {
    const from = end - BigInt(PAGE) + 1n > 0n ? end - BigInt(PAGE) + 1n : 0n;
    const page = await eventStore.readStream(DIGEST_STREAM, { fromRevision: from, maxCount: PAGE });
    const found = page.filter((event) => event.type === DIGEST_EVENT_TYPE).at(-1);
    const digest = found ? parseSignedDigest(found.data) : undefined;
    if (found && digest && typeof digest !== 'string') {
      return { headRevision: low, last: { digest, revision: found.revision } };
    }
    if (from === 0n) break;
  }
  return { headRevision: low, last: undefined };
}

export interface ReconstructedDigest {
  /** The stored digest with that sequence, if the stream holds one. */
  readonly stored: StoredDigest | undefined;
  /** Every payment stream's leaf as of that digest, rebuilt from the stored leaf events. */
  readonly leaves: Map<string, DigestLeaf>;
  /** Breaks in the digest stream itself (its own chain through `previous`). */
  readonly problems: readonly { readonly revision: bigint; readonly detail: string }[];
}

/** Replays the digest stream up to the digest with `sequence`, rebuilding its leaves. */
export async function reconstructDigest(
  eventStore: EventStore,
  sequence: number,
): Promise<ReconstructedDigest> {
  const leaves = new Map<string, DigestLeaf>();
  const problems: { revision: bigint; detail: string }[] = [];
  let pendingLeaves: RecordedEvent[] = [];
  let previousHash: string | null = null;
  let from = 0n;
  for (;;) {
    const page = await eventStore.readStream(DIGEST_STREAM, { fromRevision: from, maxCount: PAGE });
    for (const event of page) {
      if (event.type === DIGEST_LEAVES_EVENT_TYPE) {
        pendingLeaves.push(event);
        continue;
      }
      if (event.type !== DIGEST_EVENT_TYPE) continue;
      const digest = parseSignedDigest(event.data);
      if (typeof digest === 'string') {
        problems.push({ revision: event.revision, detail: `not a readable digest: ${digest}` });
        continue;
      }
      if (digest.body.previous !== previousHash || digestHash(digest.body) !== digest.hash) {
        problems.push({
          revision: event.revision,
          detail: `digest #${digest.body.sequence} does not follow the digest before it (the digest stream was rewritten)`,
        });
      }
      previousHash = digest.hash;
      const range = digest.body.leaves;
      for (const chunk of pendingLeaves) {
        if (range && chunk.revision >= BigInt(range.fromRevision)) {
          if (chunk.revision <= BigInt(range.toRevision)) applyLeaves(leaves, chunk.data);
        }
      }
      pendingLeaves = [];
      if (digest.body.sequence === sequence) {
        return { stored: { digest, revision: event.revision }, leaves, problems };
      }
    }
    if (page.length < PAGE) return { stored: undefined, leaves, problems };
    from = (page.at(-1)?.revision ?? from) + 1n;
  }
}

/** Leaf events hold `{ leaves: [[stream, revision, hash], …] }`. */
export function leavesEventData(leaves: readonly DigestLeaf[]): JsonValue {
  return { leaves: leaves.map((leaf) => [leaf.stream, leaf.revision.toString(), leaf.hash]) };
}

function applyLeaves(leaves: Map<string, DigestLeaf>, data: JsonValue): void {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return;
  const list = data['leaves'];
  if (!Array.isArray(list)) return;
  for (const item of list) {
    if (!Array.isArray(item)) continue;
    const [stream, revision, hash] = item;
    if (typeof stream !== 'string' || typeof revision !== 'string' || typeof hash !== 'string') {
      continue;
    }
    if (!/^\d+$/.test(revision)) continue;
    leaves.set(stream, { stream, revision: BigInt(revision), hash });
  }
}
