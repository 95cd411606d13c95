import type { EventStore } from '../../eventStore/eventStore.js';
import { DigestNotFoundError } from '../auditErrors.js';
import type { Digester } from './digester.js';
import { findLastDigest, reconstructDigest } from './digestStream.js';
import { leafHash, merkleProof, sortLeaves } from './merkleTree.js';

/** How an auditor checks a digest they saved; part of every `GET /audit/digest` answer. */
export const HOW_TO_CHECK = [
  'Keep this whole answer outside payledger (e.g. mail it to yourself, or commit it to your own repository).',
  'Later, `payledger verify --digest <saved file> [--public-key <the key you were given>]` proves the log still holds exactly what it held at digest.body.upTo, plus later appends, and names every place that differs.',
  'digest.hash is SHA-256 of the canonical JSON (RFC 8785) of digest.body; digest.signature.value is an Ed25519 signature over the same bytes by digest.signature.publicKey: compare its keyId with the key you were given.',
  'digest.body.root is the RFC 6962 Merkle tree hash over one leaf per payment stream, sorted by stream name: leaf = SHA-256(0x00 || "<stream>\\n<revision>\\n<chain hash of that revision>"), node = SHA-256(0x01 || left || right).',
];

/**
 * The latest digest in the store (whichever instance appended it) and, when asked for a payment
 * stream, its Merkle proof: the leaf and the sibling hashes up to the root.
 */
export async function digestAnswer(
  eventStore: EventStore,
  digester: Digester | undefined,
  stream: string | undefined,
) {
  const { last } = await findLastDigest(eventStore);
  if (!last) throw new DigestNotFoundError();
  const answer = { digest: last.digest, howToCheck: HOW_TO_CHECK };
  if (stream === undefined) return answer;
  const mine = digester?.latest();
  const leaves =
    mine?.digest.hash === last.digest.hash
      ? mine.leaves
      : sortLeaves(
          (await reconstructDigest(eventStore, last.digest.body.sequence)).leaves.values(),
        );
  const index = leaves.findIndex((leaf) => leaf.stream === stream);
  const leaf = leaves[index];
  if (!leaf) return { ...answer, proof: null };
  return {
    ...answer,
    proof: {
      leaf: { stream: leaf.stream, revision: leaf.revision.toString(), hash: leaf.hash },
      index,
      path: merkleProof(leaves.map(leafHash), index),
    },
  };
}
