import { Long, type Db } from 'mongodb';
import type { ParkedPayment } from '../parkedPayment.js';
import type { PaymentDocument } from '../paymentDocument.js';
import type { ReadModelWriter } from '../readModelStore.js';
import {
  CHECKPOINT_COLLECTION,
  collectionNames,
  toBigInt,
  fromStoredParked,
  fromStoredPayment,
  toStoredParked,
  toStoredPayment,
} from './collections.js';
import { guardedReplaceAll, isDuplicateKey, type Guarded } from './guardedWrite.js';
import { translateMongoError } from './translateMongoError.js';

const READ = { useBigInt64: true } as const;

interface StoredCheckpoint {
  _id: string;
  position: Long;
}

/**
 * Writes one version without transactions (FerretDB 1.24 has none): every document is guarded
 * by its `lastGlobalPosition`, and the checkpoint is saved after the documents, so a crash in
 * between only makes the next run replay events the guards then skip.
 */
export function createMongoReadModelWriter(db: Db, version: number): ReadModelWriter {
  const names = collectionNames(version);
  const payments = db.collection<Guarded>(names.payments);
  const parked = db.collection<Guarded>(names.parked);
  const checkpoints = db.collection<StoredCheckpoint>(CHECKPOINT_COLLECTION);
  const checkpointId = (name: string) => `${name}:v${version}`;

  async function load<T>(
    collection: typeof payments,
    keys: readonly string[],
    fromStored: (stored: Record<string, unknown>) => T & { key: string },
  ): Promise<Map<string, T>> {
    const found = new Map<string, T>();
    if (keys.length === 0) return found;
    const stored = await collection.find({ _id: { $in: [...keys] } }, READ).toArray();
    for (const document of stored) {
      const value = fromStored(document);
      found.set(value.key, value);
    }
    return found;
  }

  return {
    version,
    loadPayments: (keys) =>
      translateMongoError(() => load<PaymentDocument>(payments, keys, fromStoredPayment)),
    loadParked: (keys) =>
      translateMongoError(() => load<ParkedPayment>(parked, keys, fromStoredParked)),

    readCheckpoint: (name) =>
      translateMongoError(async () => {
        const stored = await checkpoints.findOne({ _id: checkpointId(name) }, READ);
        if (!stored) return undefined;
        const position = toBigInt(stored.position);
        return { commit: position, prepare: position };
      }),

    applyBatch: (changes, checkpoint) =>
      translateMongoError(async () => {
        await Promise.all([
          guardedReplaceAll(payments, changes.payments.map(toStoredPayment)),
          guardedReplaceAll(parked, changes.parked.map(toStoredParked)),
        ]);
        const position = Long.fromBigInt(checkpoint.position.commit);
        try {
          await checkpoints.updateOne(
            { _id: checkpointId(checkpoint.name), position: { $lt: position } },
            { $set: { position } },
            { upsert: true },
          );
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
        }
      }),
  };
}
