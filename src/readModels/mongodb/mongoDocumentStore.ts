import { MongoServerError, type AnyBulkWriteOperation, type Document } from 'mongodb';
import type { GlobalPosition } from '../../eventStore/eventStore.js';
import {
  StaleTargetError,
  WriteConflictError,
  type Checkpoint,
  type DocumentStore,
  type ProjectionBatch,
  type ProjectionTarget,
  type StoredDocument,
} from '../documentStore.js';
import { assertProjectionName, CHECKPOINTS } from '../readModelNames.js';
import type { WriteFence } from '../projectionLeases.js';
import { boundedBulks, type CommandLimits } from './boundedBulks.js';
import { assertStillFenced, markFenced } from './checkpointFence.js';
import { insertAbsent } from './insertAbsent.js';
import type { MongoContext } from './mongoContext.js';
import {
  fromStoredDocument,
  fromStoredPosition,
  READ_OPTIONS,
  toStoredDocument,
  toStoredPosition,
} from './storedDocuments.js';

const DUPLICATE_KEY = 11000;

/** Documents keyed by a string `_id`, as every projection's are. */
export type KeyedDocument = Document & { _id: string };
const NAMESPACE_EXISTS = 48;

/** The checkpoint document of a collection, `_id` = the collection's name. */
export interface StoredCheckpoint {
  _id: string;
  projection: string;
  generation: number;
  version: number;
  position?: { commit: unknown; prepare: unknown } | null;
  updatedAt: string;
  /** The fencing token of the lease holder that writes this checkpoint (see `checkpointFence`). */
  leaseToken?: number;
  swapRequest?: { collection: string; generation: number; claimedBy?: string; claimedAt?: string };
}

export function toCheckpoint(stored: StoredCheckpoint): Checkpoint {
  return {
    position: stored.position == null ? undefined : fromStoredPosition(stored.position),
    generation: stored.generation,
    version: stored.version,
    ...(stored.swapRequest
      ? {
          swapRequest: {
            projection: stored.projection,
            collection: stored.swapRequest.collection,
            generation: stored.swapRequest.generation,
          },
        }
      : {}),
  };
}

const positionIs = (position: StoredDocument['position']) => ({
  'lastGlobalPosition.commit': toStoredPosition(position).commit,
  'lastGlobalPosition.prepare': toStoredPosition(position).prepare,
});

/**
 * One projection's document changes, in bounded commands: inserts for documents that were
 * absent when loaded (a duplicate key means another writer got there first), replaces and
 * deletes filtered by the exact position loaded (compare-and-swap), so a document another writer
 * moved is never overwritten. Any miss is a `WriteConflictError`.
 */
async function writeDocuments(
  context: MongoContext,
  limits: CommandLimits,
  batch: ProjectionBatch,
  fence: WriteFence | undefined,
): Promise<void> {
  const collection = context.db.collection<KeyedDocument>(batch.target.collection);
  const inserts: KeyedDocument[] = [];
  const updates: AnyBulkWriteOperation<KeyedDocument>[] = [];
  for (const { key, expected, next } of batch.changes) {
    if (next && !expected) inserts.push(toStoredDocument(key, next));
    else if (next && expected)
      updates.push({
        replaceOne: {
          filter: { _id: key, ...positionIs(expected) },
          replacement: toStoredDocument(key, next),
        },
      });
    else if (expected)
      updates.push({ deleteOne: { filter: { _id: key, ...positionIs(expected) } } });
  }
  await insertAbsent(collection, inserts, limits, fence);
  for (const bulk of boundedBulks(updates, limits)) {
    fence?.assertHeld();
    const result = await collection.bulkWrite(bulk, { ordered: false });
    if (result.matchedCount + result.deletedCount !== bulk.length) {
      throw new WriteConflictError(
        `${batch.target.collection}: a document changed since it was loaded`,
      );
    }
  }
}

/**
 * Documents and checkpoints in MongoDB, without transactions (FerretDB has none). A batch writes
 * every document change first, then the checkpoints in one command, each conditional on its
 * collection's generation (and, fenced, on the holder's token). A crash between the two leaves documents ahead of their checkpoint;
 * the replay from the checkpoint reloads them and skips what their positions cover.
 */
export function createMongoDocumentStore(context: MongoContext): DocumentStore {
  const { db } = context;
  const checkpoints = db.collection<StoredCheckpoint>(CHECKPOINTS);

  /**
   * The documents of these keys: 500 keys per query, each query answered in one batch; or, up to
   * `keysLoadedOneByOne` keys, one query per key, eight at a time.
   */
  async function findByKeys(
    limits: CommandLimits,
    target: ProjectionTarget,
    keys: readonly string[],
    projection?: Document,
  ): Promise<KeyedDocument[]> {
    const unique = [...new Set(keys)];
    const collection = db.collection<KeyedDocument>(target.collection);
    const options = { ...READ_OPTIONS, ...(projection ? { projection } : {}) };
    const found: KeyedDocument[] = [];
    if (unique.length <= limits.keysLoadedOneByOne) {
      for (let start = 0; start < unique.length; start += 8) {
        const documents = await Promise.all(
          unique.slice(start, start + 8).map((key) => collection.findOne({ _id: key }, options)),
        );
        for (const document of documents) if (document) found.push(document);
      }
      return found;
    }
    for (let start = 0; start < unique.length; start += 500) {
      const chunk = unique.slice(start, start + 500);
      found.push(
        ...(await collection
          .find({ _id: { $in: chunk } }, { ...options, batchSize: chunk.length + 1 })
          .toArray()),
      );
    }
    return found;
  }

  return {
    atomicBatches: false,

    prepare: (target, indexes, version, fence) =>
      context.run(async () => {
        assertProjectionName(target.projection);
        try {
          await db.createCollection(target.collection);
        } catch (error) {
          if (!(error instanceof MongoServerError && error.code === NAMESPACE_EXISTS)) throw error;
        }
        // Only the missing ones: FerretDB 1.24 drops the connection (a panic) when asked again
        // for several indexes that exist.
        const present = new Set(
          (
            (await db.collection(target.collection).listIndexes().toArray()) as {
              name: string;
            }[]
          ).map((index) => index.name),
        );
        const missing = indexes.filter((index) => !present.has(index.name));
        if (missing.length > 0) {
          await db.collection(target.collection).createIndexes(
            missing.map((index) => ({
              name: index.name,
              key: Object.fromEntries([
                ...index.fields.map(({ field, descending }) => [field, descending ? -1 : 1]),
                ['_id', 1],
              ]) as Record<string, 1 | -1>,
            })),
          );
        }
        try {
          await checkpoints.updateOne(
            { _id: target.collection },
            {
              $setOnInsert: {
                projection: target.projection,
                generation: target.generation,
                version,
                position: null,
                updatedAt: new Date().toISOString(),
              },
            },
            { upsert: true },
          );
        } catch (error) {
          // Two processes preparing at once: one inserted it, which is all that was wanted.
          if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
        }
        if (fence) await markFenced(checkpoints, target.collection, fence);
      }),

    readCheckpoints: (targets) =>
      context.run(async () => {
        const stored = await checkpoints
          .find({ _id: { $in: targets.map((target) => target.collection) } }, { ...READ_OPTIONS })
          .toArray();
        return new Map(stored.map((checkpoint) => [checkpoint._id, toCheckpoint(checkpoint)]));
      }),

    isEmpty: (target: ProjectionTarget) =>
      context.run(async () => {
        const any = await db.collection(target.collection).findOne({}, { projection: { _id: 1 } });
        return any === null;
      }),

    load: (target, keys) =>
      context.run(async (limits) => {
        const found = new Map<string, StoredDocument>();
        for (const stored of await findByKeys(limits, target, keys)) {
          const { key, document } = fromStoredDocument(stored);
          found.set(key, document);
        }
        return found;
      }),

    loadPositions: (target, keys) =>
      context.run(async (limits) => {
        const found = new Map<string, GlobalPosition>();
        for (const stored of await findByKeys(limits, target, keys, { lastGlobalPosition: 1 })) {
          found.set(stored._id, fromStoredPosition(stored['lastGlobalPosition']));
        }
        return found;
      }),

    write: (batches, fence) =>
      context.run(async (limits) => {
        if (limits.concurrentWrites)
          await Promise.all(batches.map((batch) => writeDocuments(context, limits, batch, fence)));
        else for (const batch of batches) await writeDocuments(context, limits, batch, fence);
        const now = new Date().toISOString();
        fence?.assertHeld();
        const result = await checkpoints.bulkWrite(
          batches.map((batch) => ({
            updateOne: {
              filter: {
                _id: batch.target.collection,
                generation: batch.target.generation,
                ...(fence ? { leaseToken: fence.token } : {}),
              },
              update: {
                $set: {
                  position: toStoredPosition(batch.checkpoint),
                  version: batch.version,
                  updatedAt: now,
                },
              },
            },
          })),
          { ordered: false },
        );
        if (result.matchedCount !== batches.length) {
          if (fence) await assertStillFenced(checkpoints, batches, fence);
          throw new StaleTargetError('a collection was swapped out from under its writer');
        }
      }),
  };
}
