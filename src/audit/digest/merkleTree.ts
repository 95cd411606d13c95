import { createHash } from 'node:crypto';

/** One leaf of a digest: where a payment stream's chain stood. */
export interface DigestLeaf {
  readonly stream: string;
  readonly revision: bigint;
  readonly hash: string;
}

const sha256 = (...parts: Buffer[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

/** RFC 6962 leaf hash of `<stream>\n<revision>\n<head hash>`. */
export function leafHash(leaf: DigestLeaf): Buffer {
  return sha256(LEAF, Buffer.from(`${leaf.stream}\n${leaf.revision}\n${leaf.hash}`, 'utf8'));
}

/** Leaves in the order every digest uses: by stream name (UTF-16 code units, as JS sorts). */
export function sortLeaves(leaves: Iterable<DigestLeaf>): DigestLeaf[] {
  return [...leaves].sort((a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0));
}

/**
 * The RFC 6962 Merkle tree hash (hex) over leaf hashes in order: pairs hashed level by level, an
 * odd last node carried up unchanged. The empty tree's hash is SHA-256 of nothing.
 */
export function merkleRoot(leafHashes: readonly Buffer[]): string {
  if (leafHashes.length === 0) return sha256().toString('hex');
  let level = leafHashes;
  while (level.length > 1) level = nextLevel(level);
  return (level[0] ?? sha256()).toString('hex');
}

/**
 * `merkleRoot` of the leaves in tree order, giving the event loop a turn every few thousand
 * hashes: a digest over 250,000 streams takes about a second of CPU, which must not stall HTTP.
 */
export async function merkleRootOf(
  sortedLeaves: readonly DigestLeaf[],
  hashOf: (leaf: DigestLeaf) => Buffer = leafHash,
): Promise<string> {
  let level: Buffer[] = [];
  for (const [index, leaf] of sortedLeaves.entries()) {
    level.push(hashOf(leaf));
    if (index % YIELD_EVERY === YIELD_EVERY - 1) await turn();
  }
  if (level.length === 0) return sha256().toString('hex');
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let start = 0; start < level.length; start += 2 * YIELD_EVERY) {
      pairUp(level, start, start + 2 * YIELD_EVERY, next);
      await turn();
    }
    level = next;
  }
  return (level[0] ?? sha256()).toString('hex');
}

const YIELD_EVERY = 4096;
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * `leafHash` remembered per leaf object: a digester's leaves are its chain heads, replaced when a
 * stream moves, so a digest hashes only the leaves that changed since the last one.
 */
export function createLeafHashCache(): (leaf: DigestLeaf) => Buffer {
  const cache = new WeakMap<DigestLeaf, Buffer>();
  return (leaf) => {
    let hash = cache.get(leaf);
    if (!hash) {
      hash = leafHash(leaf);
      cache.set(leaf, hash);
    }
    return hash;
  };
}

/** Merges `added` (unsorted, none already in `sorted`) into the sorted list of stream names. */
export function mergeSortedNames(sorted: readonly string[], added: string[]): string[] {
  if (added.length === 0) return [...sorted];
  added.sort();
  const merged: string[] = [];
  let i = 0;
  let j = 0;
  while (i < sorted.length || j < added.length) {
    const a = sorted[i];
    const b = added[j];
    if (b === undefined || (a !== undefined && a < b)) {
      merged.push(a as string);
      i += 1;
    } else {
      merged.push(b);
      j += 1;
    }
  }
  return merged;
}

/** The sibling hashes from leaf `index` up to the root: a proof of log2(n) hashes. */
export function merkleProof(
  leafHashes: readonly Buffer[],
  index: number,
): { side: 'left' | 'right'; hash: string }[] {
  const path: { side: 'left' | 'right'; hash: string }[] = [];
  let level = leafHashes;
  let position = index;
  while (level.length > 1) {
    const sibling = position % 2 === 0 ? position + 1 : position - 1;
    const hash = level[sibling];
    if (hash)
      path.push({ side: position % 2 === 0 ? 'right' : 'left', hash: hash.toString('hex') });
    level = nextLevel(level);
    position = Math.floor(position / 2);
  }
  return path;
}

/** Recomputes the root from one leaf and its proof. */
export function rootFromProof(
  leaf: DigestLeaf,
  path: readonly { side: 'left' | 'right'; hash: string }[],
): string {
  let hash = leafHash(leaf);
  for (const step of path) {
    const sibling = Buffer.from(step.hash, 'hex');
    hash = step.side === 'left' ? sha256(NODE, sibling, hash) : sha256(NODE, hash, sibling);
  }
  return hash.toString('hex');
}

function nextLevel(level: readonly Buffer[]): Buffer[] {
  return pairUp(level, 0, level.length, []);
}

/** Appends to `next` the parents of the nodes from `start` (even) up to `end`. */
function pairUp(level: readonly Buffer[], start: number, end: number, next: Buffer[]): Buffer[] {
  for (let i = start; i < Math.min(end, level.length); i += 2) {
    const left = level[i];
    const right = level[i + 1];
    if (left && right) next.push(sha256(NODE, left, right));
    else if (left) next.push(left);
  }
  return next;
}
