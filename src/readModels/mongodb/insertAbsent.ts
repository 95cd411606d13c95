import { MongoBulkWriteError, MongoServerError, type Collection } from 'mongodb';
import { WriteConflictError } from '../documentStore.js';
import type { WriteFence } from '../projectionLeases.js';
import { boundedBulks, type CommandLimits } from './boundedBulks.js';
import type { KeyedDocument } from './mongoDocumentStore.js';

const DUPLICATE_KEY = 11000;

/**
 * Inserts documents known to be absent, in commands of at most `maxInserts` documents and about
 * `maxBytes`, one at a time. A key that is present after all (another writer got there first)
 * is a `WriteConflictError`.
 */
export async function insertAbsent(
  collection: Collection<KeyedDocument>,
  documents: readonly KeyedDocument[],
  limits: CommandLimits,
  fence?: WriteFence,
): Promise<void> {
  for (const bulk of boundedBulks(documents, { ...limits, maxStatements: limits.maxInserts })) {
    fence?.assertHeld();
    try {
      await collection.insertMany(bulk, { ordered: false });
    } catch (error) {
      if (
        (error instanceof MongoBulkWriteError || error instanceof MongoServerError) &&
        error.code === DUPLICATE_KEY
      ) {
        throw new WriteConflictError(
          `${collection.collectionName}: a document changed since it was loaded`,
        );
      }
      throw error;
    }
  }
}
