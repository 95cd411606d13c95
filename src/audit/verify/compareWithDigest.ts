import type { ChainHead } from '../chain/chainHeads.js';
import type { ChainProblem } from '../chain/checkStreamChain.js';
import { describeRevisions } from '../chain/describeRevisions.js';
import { DIGEST_STREAM, digestHash, type SignedDigest } from '../digest/digestRecord.js';
import { verifyDigestSignature } from '../digest/digestSigning.js';
import type { ReconstructedDigest } from '../digest/digestStream.js';
import { leafHash, merkleRoot, sortLeaves, type DigestLeaf } from '../digest/merkleTree.js';

/**
 * Problems with the saved digest itself: edited, a signature that does not verify, or (with
 * `trustedKeyId`, the `keyId` of the key the auditor was given) unsigned or signed by another key.
 */
export function checkSavedDigest(saved: SignedDigest, trustedKeyId?: string): ChainProblem[] {
  const problem = (detail: string): ChainProblem => ({
    stream: DIGEST_STREAM,
    revision: BigInt(saved.body.sequence),
    kind: 'altered',
    detail,
  });
  if (digestHash(saved.body) !== saved.hash) {
    return [problem('the saved digest’s hash does not match its body: the file was edited')];
  }
  if (saved.signature && !verifyDigestSignature(saved.body, saved.signature)) {
    return [problem('the saved digest’s signature does not verify')];
  }
  if (trustedKeyId !== undefined && saved.signature?.keyId !== trustedKeyId) {
    return [
      problem(
        saved.signature
          ? `the saved digest is signed by ${saved.signature.keyId}, not by the trusted key ${trustedKeyId}`
          : `the saved digest is not signed, and --public-key asks for a signature by ${trustedKeyId}`,
      ),
    ];
  }
  return [];
}

/** Problems with the digest stream itself, as replayed up to the saved digest. */
export function checkDigestStream(
  saved: SignedDigest,
  stored: ReconstructedDigest,
): ChainProblem[] {
  const problems: ChainProblem[] = stored.problems.map((problem) => ({
    stream: DIGEST_STREAM,
    revision: problem.revision,
    kind: 'altered' as const,
    detail: problem.detail,
  }));
  const sequence = saved.body.sequence;
  if (!stored.stored) {
    problems.push({
      stream: DIGEST_STREAM,
      revision: BigInt(sequence),
      kind: 'missing',
      detail: `the digest stream no longer holds digest #${sequence} (deleted, or never appended to this store)`,
    });
  } else if (stored.stored.digest.hash !== saved.hash) {
    problems.push({
      stream: DIGEST_STREAM,
      revision: stored.stored.revision,
      kind: 'altered',
      detail: `the digest stream holds another digest #${sequence} than the one saved`,
    });
  }
  return problems;
}

export function rootOf(leaves: Iterable<DigestLeaf>): string {
  return merkleRoot(sortLeaves(leaves).map(leafHash));
}

export function leavesOf(heads: ReadonlyMap<string, ChainHead>): DigestLeaf[] {
  return [...heads].map(([stream, head]) => ({ stream, revision: head.revision, hash: head.hash }));
}

/**
 * Compares the log's heads as of the digest's position with the digest. Equal roots: the log
 * still holds exactly what the digest covered. Otherwise the leaves stored with the digest (which
 * must reproduce its root, so they are the digest's own) name every stream that differs.
 */
export function compareWithDigest(
  saved: SignedDigest,
  logLeaves: readonly DigestLeaf[],
  stored: ReconstructedDigest | undefined,
  only?: string,
): ChainProblem[] {
  const sequence = saved.body.sequence;
  if (only === undefined && rootOf(logLeaves) === saved.body.root) return [];
  const storedRoot = stored ? rootOf(stored.leaves.values()) : undefined;
  if (!stored || storedRoot !== saved.body.root) {
    return [
      {
        stream: DIGEST_STREAM,
        revision: BigInt(sequence),
        kind: 'altered',
        detail: `the log as of position ${saved.body.upTo.commit} does not give digest #${sequence}’s root, and the digest stream no longer holds that digest’s leaves, so the streams that differ cannot be named`,
      },
    ];
  }
  const problems: ChainProblem[] = [];
  const log = new Map(logLeaves.map((leaf) => [leaf.stream, leaf]));
  const streams = only === undefined ? new Set([...stored.leaves.keys(), ...log.keys()]) : [only];
  for (const stream of streams) {
    const then = stored.leaves.get(stream);
    const now = log.get(stream);
    const problem = (revision: bigint, kind: ChainProblem['kind'], detail: string) => {
      problems.push({ stream, revision, kind, detail });
    };
    if (then && !now) {
      problem(
        0n,
        'missing',
        `the whole stream (${describeRevisions(0n, then.revision)}, in digest #${sequence}) is gone`,
      );
    } else if (!then && now) {
      problem(
        0n,
        'inserted',
        `the stream lies before digest #${sequence}’s position but was not in it`,
      );
    } else if (then && now && now.revision < then.revision) {
      problem(
        now.revision + 1n,
        'missing',
        `${describeRevisions(now.revision + 1n, then.revision)} of digest #${sequence} no longer in the log`,
      );
    } else if (then && now && now.revision > then.revision) {
      problem(
        then.revision + 1n,
        'inserted',
        `${describeRevisions(then.revision + 1n, now.revision)} recorded before digest #${sequence}’s position but not in it`,
      );
    } else if (then && now && then.hash !== now.hash) {
      problem(
        then.revision,
        'altered',
        `its chain value differs from digest #${sequence}’s: it or an event before it was rewritten and the chain re-hashed`,
      );
    }
  }
  return problems.sort((a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0));
}
