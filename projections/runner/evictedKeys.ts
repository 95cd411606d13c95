/**
 * The keys a cache has evicted, in a fixed amount of memory (a Bloom filter): `mightHold` is
 * true for every key added, and for a few others (about 0.2 % with 400,000 keys added). A false
 * "might" only costs a load from the store, so the answer stays right while memory no longer
 * grows with the number of documents.
 */
export class EvictedKeys {
  private readonly bits: Uint32Array;
  private readonly mask: number;

  /** `log2Bits`: 2^23 bits (1 MiB) by default. */
  constructor(log2Bits = 23) {
    this.bits = new Uint32Array(2 ** (log2Bits - 5));
    this.mask = 2 ** log2Bits - 1;
  }

  add(key: string): void {
    const [a, b] = hashes(key);
    for (let i = 0; i < PROBES; i += 1) {
      const bit = (a + i * b) & this.mask;
      const word = bit >>> 5;
      this.bits[word] = (this.bits[word] ?? 0) | (1 << (bit & 31));
    }
  }

  mightHold(key: string): boolean {
    const [a, b] = hashes(key);
    for (let i = 0; i < PROBES; i += 1) {
      const bit = (a + i * b) & this.mask;
      if (((this.bits[bit >>> 5] ?? 0) & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}

const PROBES = 3;

/** Two independent 32-bit FNV-1a hashes (different offsets), combined as Kirsch–Mitzenmacher. */
function hashes(key: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < key.length; i += 1) {
    const code = key.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
  }
  return [a >>> 0, (b >>> 0) | 1];
}
