import { expect } from 'chai';
import { DocumentCache } from '../../../projections/runner/documentCache.js';
import { EvictedKeys } from '../../../projections/runner/evictedKeys.js';

const stored = (commit: bigint) => ({ position: { commit, prepare: commit }, body: {} });

describe('DocumentCache', function () {
  context('when its target started empty', function () {
    it('knows a key never written is absent and asks the store again for one it evicted', function () {
      const cache = new DocumentCache(2, true);
      cache.remember('a', stored(1n));
      cache.remember('b', stored(2n));
      cache.remember('c', stored(3n));

      expect(cache.isUnknown('never-written')).to.equal(false);
      expect(cache.get('never-written')).to.equal(undefined);
      expect(cache.isUnknown('a')).to.equal(true);
      expect(cache.isUnknown('b')).to.equal(false);
      expect(cache.get('c')?.position.commit).to.equal(3n);
    });
  });

  context('when its target held documents', function () {
    it('asks the store for every key it does not hold', function () {
      const cache = new DocumentCache(2, false);
      cache.remember('a', stored(1n));

      expect(cache.isUnknown('a')).to.equal(false);
      expect(cache.isUnknown('never-written')).to.equal(true);
    });
  });
});

describe('EvictedKeys', function () {
  it('holds every key added and rarely claims one that was not', function () {
    const evicted = new EvictedKeys(20);
    const added = Array.from({ length: 50_000 }, (_, i) => `stripe:pi_${i}`);
    for (const key of added) evicted.add(key);

    expect(added.every((key) => evicted.mightHold(key))).to.equal(true);
    const others = Array.from({ length: 10_000 }, (_, i) => `razorpay:pay_${i}`);
    const claimed = others.filter((key) => evicted.mightHold(key)).length;
    // 3 probes, 2^20 bits, 50,000 keys: about 0.2 % in theory.
    expect(claimed).to.be.below(100);
  });
});
