import { deterministicEventId } from '../../domain/eventId.js';
import type { JsonValue } from '../../domain/paymentEvent.js';
import type { EventStore, ExpectedRevision } from '../../eventStore/eventStore.js';
import type { ChainHead } from '../chain/chainHeads.js';
import type { DigestSigner } from './digestSigning.js';
import {
  DIGEST_EVENT_TYPE,
  DIGEST_LEAVES_EVENT_TYPE,
  DIGEST_STREAM,
  digestHash,
  type DigestBody,
  type SignedDigest,
} from './digestRecord.js';
import { leavesEventData, type StoredDigest } from './digestStream.js';
import { merkleRootOf, type DigestLeaf } from './merkleTree.js';

/** Leaves per leaf event: about 240 KB of JSON, well under EventStoreDB's 1 MiB append limit. */
const LEAVES_PER_EVENT = 2000;

export interface DigestSnapshot {
  /** Every payment stream's head, sorted by stream name; not changed while the digest is made. */
  readonly leaves: readonly ChainHead[];
  readonly events: number;
  readonly upTo: { readonly commit: bigint; readonly prepare: bigint };
  /** Leaf hashes, remembered across digests (`createLeafHashCache`). */
  readonly hashOf?: (leaf: DigestLeaf) => Buffer;
}

/**
 * Appends one digest after `last`: first the leaves that changed since it (in events of up to
 * 2,000), then the digest itself, each at the exact expected revision. If another instance
 * appends to the digest stream meanwhile, the next append fails with a revision conflict and this
 * digest is abandoned: leaf events it wrote are ignored, since no digest names them.
 */
export async function appendDigest(
  eventStore: EventStore,
  snapshot: DigestSnapshot,
  previous: { readonly headRevision: bigint | undefined; readonly last: StoredDigest | undefined },
  options: { readonly createdAt: Date; readonly signer: DigestSigner | undefined },
): Promise<{ readonly digest: SignedDigest; readonly revision: bigint }> {
  const lastUpTo = previous.last ? BigInt(previous.last.digest.body.upTo.commit) : -1n;
  const leaves = snapshot.leaves;
  const changed = leaves.filter((head) => head.commit > lastUpTo);
  const sequence = previous.last ? previous.last.digest.body.sequence + 1 : 0;
  const firstLeafRevision = previous.headRevision === undefined ? 0n : previous.headRevision + 1n;
  const chunks: ChainHead[][] = [];
  for (let i = 0; i < changed.length; i += LEAVES_PER_EVENT) {
    chunks.push(changed.slice(i, i + LEAVES_PER_EVENT));
  }
  const body: DigestBody = {
    version: 1,
    sequence,
    createdAt: options.createdAt.toISOString(),
    upTo: { commit: snapshot.upTo.commit.toString(), prepare: snapshot.upTo.prepare.toString() },
    streams: leaves.length,
    events: snapshot.events,
    root: await merkleRootOf(leaves, snapshot.hashOf),
    previous: previous.last?.digest.hash ?? null,
    leaves:
      chunks.length === 0
        ? null
        : {
            fromRevision: firstLeafRevision.toString(),
            toRevision: (firstLeafRevision + BigInt(chunks.length) - 1n).toString(),
          },
  };
  const digest: SignedDigest = {
    body,
    hash: digestHash(body),
    signature: options.signer?.sign(body) ?? null,
  };

  let expected: ExpectedRevision = previous.headRevision ?? 'no_stream';
  const append = async (type: string, data: JsonValue, name: string) => {
    const result = await eventStore.appendToStream(
      DIGEST_STREAM,
      [
        {
          id: deterministicEventId(`audit-digest:${digest.hash}:${name}`),
          type,
          data,
          metadata: {},
        },
      ],
      { expectedRevision: expected },
    );
    expected = result.nextExpectedRevision;
    return result.nextExpectedRevision;
  };
  for (const [index, chunk] of chunks.entries()) {
    await append(DIGEST_LEAVES_EVENT_TYPE, leavesEventData(chunk), `${sequence}:leaves:${index}`);
  }
  const revision = await append(
    DIGEST_EVENT_TYPE,
    digest as unknown as JsonValue,
    `${sequence}:digest`,
  );
  return { digest, revision };
}
