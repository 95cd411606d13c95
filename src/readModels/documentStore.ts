import type { GlobalPosition } from '../eventStore/eventStore.js';
import type { IndexSpec } from './indexSpec.js';
import type { WriteFence } from './projectionLeases.js';

/** A document's fields: plain JSON (strings, numbers, booleans, null, arrays, objects). */
export type DocumentBody = Readonly<Record<string, unknown>>;

/** Where one projection's documents go: its live collection, or a rebuild beside it. */
export interface ProjectionTarget {
  /** The projection, which is also the name of its live collection or table (`orders`). */
  readonly projection: string;
  /** The collection or table written: the projection's name, or `<name>__rebuild_<generation>`. */
  readonly collection: string;
  /** Which build of the projection this is; every rebuild swapped in has a higher one. */
  readonly generation: number;
}

export interface StoredDocument {
  /** Global position of the last event applied to the document. */
  readonly position: GlobalPosition;
  readonly body: DocumentBody;
}

/**
 * One document's change, compare-and-swap on the position the writer loaded: the write applies
 * only if the stored document is still at `expected` (or still absent, when undefined).
 */
export interface DocumentChange {
  readonly key: string;
  readonly expected: GlobalPosition | undefined;
  /** The new document, or undefined to delete it. */
  readonly next: StoredDocument | undefined;
}

export interface Checkpoint {
  /** Every event of the log up to and including this position has been applied; none yet: undefined. */
  readonly position: GlobalPosition | undefined;
  readonly generation: number;
  /** The projection's `version` that wrote the collection. */
  readonly version: number;
  /** A rebuild, caught up, waiting for the live writer to swap it in (stores without atomic batches). */
  readonly swapRequest?: ProjectionTarget;
}

export interface ProjectionBatch {
  readonly target: ProjectionTarget;
  readonly changes: readonly DocumentChange[];
  /** Saved after (SQLite: with) the changes; must not be below the stored one. */
  readonly checkpoint: GlobalPosition;
  readonly version: number;
}

/** Another writer changed a document since it was loaded: nothing can be assumed, start over. */
export class WriteConflictError extends Error {
  override readonly name = 'WriteConflictError';
}

/** The target is no longer the one of its checkpoint (a rebuild was swapped in): start over. */
export class StaleTargetError extends Error {
  override readonly name = 'StaleTargetError';
}

/**
 * What the projection runner reads and writes: documents with positions, and a checkpoint per
 * projection. Every write of the runner goes through `write`, so one place enforces its
 * conditions (position compare-and-swap, and a lease's fencing token).
 */
export interface DocumentStore {
  /**
   * True when `write` is one transaction (documents and checkpoints together). Without it a
   * document may be written while its checkpoint is not; the runner is built to replay safely.
   */
  readonly atomicBatches: boolean;
  /**
   * Creates the target's collection or table, its indexes and its checkpoint, when missing.
   * With a fence, also marks the checkpoint as the fence holder's (MongoDB: its token in the
   * checkpoint document, so an older holder's checkpoint writes match nothing from then on).
   */
  prepare(
    target: ProjectionTarget,
    indexes: readonly IndexSpec[],
    version: number,
    fence?: WriteFence,
  ): Promise<void>;
  /** The checkpoints of these targets, by collection; a target never prepared is absent. */
  readCheckpoints(targets: readonly ProjectionTarget[]): Promise<Map<string, Checkpoint>>;
  /** Whether the target holds no document at all (a fresh build). */
  isEmpty(target: ProjectionTarget): Promise<boolean>;
  /** The stored documents of these keys; absent keys are absent from the map. */
  load(target: ProjectionTarget, keys: readonly string[]): Promise<Map<string, StoredDocument>>;
  /** Only the positions of the stored documents of these keys (what a compare-and-swap needs). */
  loadPositions(
    target: ProjectionTarget,
    keys: readonly string[],
  ): Promise<Map<string, GlobalPosition>>;
  /**
   * Applies every change of every batch, then saves each batch's checkpoint, conditional on the
   * target's generation (`StaleTargetError` otherwise). A change whose document moved since it
   * was loaded rejects with `WriteConflictError`. SQLite does it all in one transaction; MongoDB
   * writes documents first and checkpoints after, so a crash in between leaves documents ahead
   * of their checkpoint, which a replay skips by position. With a fence, nothing is written once
   * the fence's lease has another token (`LeaseLostError`).
   */
  write(batches: readonly ProjectionBatch[], fence?: WriteFence): Promise<void>;
}
