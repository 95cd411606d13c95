import type { IndexSpec } from './indexSpec.js';
import type { DocumentBody, ProjectionTarget, StoredDocument } from './documentStore.js';

/** A document with its key, as a build is copied from one store into another. */
export type KeyedStoredDocument = readonly [key: string, document: StoredDocument];

/**
 * Builds of a projection: the live one under the projection's own name, and rebuilds beside it
 * that are swapped in once caught up. Readers always read the stable name.
 */
export interface ReadModelVersions {
  /** The live target of a projection (prepared on first use: generation 1). */
  liveTarget(projection: string): Promise<ProjectionTarget>;
  /**
   * An empty collection or table beside the live one, with its indexes and an empty checkpoint.
   * Leftovers of an earlier, unfinished rebuild of this projection are dropped first.
   */
  beginRebuild(
    projection: string,
    indexes: readonly IndexSpec[],
    version: number,
  ): Promise<ProjectionTarget>;
  /**
   * Asks the live writer to swap the rebuild in between two of its batches (stores without
   * atomic batches, where only the writer itself can swap without racing its own writes).
   */
  requestSwap(rebuild: ProjectionTarget): Promise<void>;
  /**
   * Puts the rebuild in place of the live collection under the stable name, with the rebuild's
   * checkpoint and generation, and drops the old one. SQLite: one transaction. MongoDB: a rename
   * (`dropTarget`, or two renames where the server lacks it) guarded by a claim on the request,
   * so two callers never both swap; resumable after a crash.
   */
  swap(rebuild: ProjectionTarget): Promise<void>;
  /** Drops a rebuild that is not to be swapped in (a dry run), with its checkpoint. */
  discardRebuild(rebuild: ProjectionTarget): Promise<void>;
  /** Up to `limit` documents of a target in key order, after `afterKey` (to compare builds). */
  documentsPage(
    target: ProjectionTarget,
    afterKey: string | undefined,
    limit: number,
  ): Promise<readonly (readonly [string, DocumentBody])[]>;
  /** Like `documentsPage`, with each document's position: what copying a build needs. */
  storedDocumentsPage(
    target: ProjectionTarget,
    afterKey: string | undefined,
    limit: number,
  ): Promise<readonly KeyedStoredDocument[]>;
  /**
   * Inserts documents that the target does not hold (a rebuild being filled from a build staged
   * elsewhere), in bounded commands with no lookup; a key it holds already rejects with
   * `WriteConflictError`. Checkpoints are not touched.
   */
  insertDocuments(
    target: ProjectionTarget,
    documents: readonly KeyedStoredDocument[],
  ): Promise<void>;
}
