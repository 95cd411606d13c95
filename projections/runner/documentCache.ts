import type { StoredDocument } from '../../src/readModels/documentStore.js';
import { EvictedKeys } from './evictedKeys.js';

/**
 * What the runner knows of a target's stored documents between batches, so that a document it
 * wrote itself is not loaded again: the most recently used ones (a document, or just its
 * position when the projection does not read documents), and whether the target started empty,
 * in which case a key never written and never evicted is known to be absent without asking.
 *
 * Its memory is bounded by its capacity, whatever the number of documents: the evicted keys are
 * kept in a fixed-size filter that may only err towards "unknown" (one needless load).
 *
 * It may be wrong only if another writer changes the target; every write is compare-and-swap
 * on the position it assumed, so the write then fails and the runner starts over with a fresh
 * cache.
 */
export class DocumentCache {
  private readonly entries = new Map<string, StoredDocument | null>();
  private readonly evicted = new EvictedKeys();

  constructor(
    private readonly capacity: number,
    /** The target held no document when this cache started. */
    private readonly startedEmpty: boolean,
  ) {}

  /** Whether the stored state of this key must be read from the store. */
  isUnknown(key: string): boolean {
    if (this.entries.has(key)) return false;
    return !this.startedEmpty || this.evicted.mightHold(key);
  }

  /** The stored document (undefined: absent); only for keys that are not unknown. */
  get(key: string): StoredDocument | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry ?? undefined;
  }

  /** What the store holds for this key now (after a load or a write). */
  remember(key: string, document: StoredDocument | undefined): void {
    this.entries.delete(key);
    if (document === undefined && this.startedEmpty) return;
    this.entries.set(key, document ?? null);
    while (this.entries.size > this.capacity) {
      const [oldest, entry] = this.entries.entries().next().value as [
        string,
        StoredDocument | null,
      ];
      this.entries.delete(oldest);
      if (entry !== null && this.startedEmpty) this.evicted.add(oldest);
    }
  }
}
