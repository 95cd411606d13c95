import { expect } from 'chai';
import { createHash } from 'node:crypto';
import {
  leafHash,
  merkleProof,
  merkleRoot,
  merkleRootOf,
  rootFromProof,
  type DigestLeaf,
} from '../../../src/audit/digest/merkleTree.js';

const leaves = (n: number): DigestLeaf[] =>
  Array.from({ length: n }, (_, i) => ({
    stream: `payment-stripe:pi_${String(i).padStart(3, '0')}`,
    revision: BigInt(i),
    hash: createHash('sha256').update(String(i)).digest('hex'),
  }));
const node = (left: Buffer, right: Buffer) =>
  createHash('sha256')
    .update(Buffer.from([1]))
    .update(left)
    .update(right)
    .digest();

describe('merkleTree', function () {
  it('computes the RFC 6962 tree hash: an odd last node is carried up unchanged', function () {
    const [a, b, c] = leaves(3).map(leafHash) as [Buffer, Buffer, Buffer];

    expect(merkleRoot([a, b, c])).to.equal(node(node(a, b), c).toString('hex'));
    expect(merkleRoot([])).to.equal(createHash('sha256').digest('hex'));
  });

  it('gives the same root yielding to the event loop as in one go, for any size', async function () {
    for (const n of [0, 1, 2, 5, 8, 9, 4097, 9000]) {
      const list = leaves(n);
      expect(await merkleRootOf(list)).to.equal(merkleRoot(list.map(leafHash)));
    }
  });

  it('proves every leaf of a tree with log2(n) hashes, and no altered leaf', function () {
    const list = leaves(11);
    const root = merkleRoot(list.map(leafHash));
    list.forEach((leaf, index) => {
      const path = merkleProof(list.map(leafHash), index);
      expect(path.length).to.be.at.most(4);
      expect(rootFromProof(leaf, path)).to.equal(root);
      expect(rootFromProof({ ...leaf, revision: leaf.revision + 1n }, path)).to.not.equal(root);
    });
  });
});
