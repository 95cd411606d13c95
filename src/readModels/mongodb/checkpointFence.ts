import type { Collection } from 'mongodb';
import type { ProjectionBatch } from '../documentStore.js';
import { LeaseLostError, type WriteFence } from '../projectionLeases.js';
import type { StoredCheckpoint } from './mongoDocumentStore.js';

/**
 * Fencing on MongoDB without transactions. A new holder marks each checkpoint it will write with
 * its token (`$max`, so an older holder can never lower it) before it reads the checkpoint; every
 * checkpoint write of a holder is filtered on its own token, so from the moment a newer holder
 * has marked a checkpoint, an older holder's writes to it match nothing. Its document commands
 * are guarded by `WriteFence.assertHeld` just before they are sent (see the README).
 */
export async function markFenced(
  checkpoints: Collection<StoredCheckpoint>,
  collection: string,
  fence: WriteFence,
): Promise<void> {
  await checkpoints.updateOne({ _id: collection }, { $max: { leaseToken: fence.token } });
  const marked = await checkpoints.findOne({ _id: collection }, { projection: { leaseToken: 1 } });
  if (marked?.leaseToken !== fence.token) {
    throw new LeaseLostError(
      `${collection} is written by a newer holder of the ${fence.lease} lease`,
    );
  }
}

/** After a checkpoint write that matched less than it should: lost to a newer holder? */
export async function assertStillFenced(
  checkpoints: Collection<StoredCheckpoint>,
  batches: readonly ProjectionBatch[],
  fence: WriteFence,
): Promise<void> {
  const newer = await checkpoints.findOne({
    _id: { $in: batches.map((batch) => batch.target.collection) },
    leaseToken: { $gt: fence.token },
  });
  if (newer) {
    throw new LeaseLostError(
      `${newer._id} is written by a newer holder of the ${fence.lease} lease`,
    );
  }
}
