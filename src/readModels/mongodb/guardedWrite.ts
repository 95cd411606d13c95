import {
  MongoBulkWriteError,
  MongoServerError,
  type AnyBulkWriteOperation,
  type Collection,
  type Document,
  type Filter,
  type Long,
} from 'mongodb';

const DUPLICATE_KEY = 11000;

export interface Guarded extends Document {
  _id: string;
  lastGlobalPosition: Long;
}

export const isDuplicateKey = (error: unknown): boolean =>
  error instanceof MongoServerError && error.code === DUPLICATE_KEY;

const onlyDuplicateKeys = (error: MongoBulkWriteError): boolean => {
  const writeErrors: unknown = error.writeErrors;
  const errors: { code?: unknown }[] = Array.isArray(writeErrors)
    ? (writeErrors as { code?: unknown }[])
    : [writeErrors as { code?: unknown }];
  return errors.length > 0 && errors.every((writeError) => writeError.code === DUPLICATE_KEY);
};

/**
 * Replaces each document only if the stored one has a lower `lastGlobalPosition`, inserting it
 * when absent. A stored document at or above the position does not match the filter, so the
 * upsert tries to insert a second `_id` and fails with E11000: "already applied", skipped.
 * FerretDB 1.24 ignores `ordered: false` and stops at the first such error, so after one the
 * rest are sent one by one; repeating a write that did land is harmless, it is guarded too.
 */
export async function guardedReplaceAll(
  collection: Collection<Guarded>,
  documents: readonly Guarded[],
): Promise<void> {
  if (documents.length === 0) return;
  const filterFor = (document: Guarded): Filter<Guarded> => ({
    _id: document._id,
    lastGlobalPosition: { $lt: document.lastGlobalPosition },
  });
  const operations: AnyBulkWriteOperation<Guarded>[] = documents.map((document) => ({
    replaceOne: { filter: filterFor(document), replacement: document, upsert: true },
  }));
  try {
    await collection.bulkWrite(operations, { ordered: false });
  } catch (error) {
    if (!(error instanceof MongoBulkWriteError) || !onlyDuplicateKeys(error)) throw error;
    for (const document of documents) {
      try {
        await collection.replaceOne(filterFor(document), document, { upsert: true });
      } catch (single) {
        if (!isDuplicateKey(single)) throw single;
      }
    }
  }
}
