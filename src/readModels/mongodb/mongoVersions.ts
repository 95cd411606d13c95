import { randomUUID } from 'node:crypto';
import { MongoServerError } from 'mongodb';
import type { ProjectionTarget } from '../documentStore.js';
import {
  assertProjectionName,
  CHECKPOINTS,
  rebuildCollection,
  retiredCollection,
} from '../readModelNames.js';
import type { ReadModelVersions } from '../readModelVersions.js';
import type { MongoContext } from './mongoContext.js';
import type { KeyedDocument, StoredCheckpoint } from './mongoDocumentStore.js';
import { insertAbsent } from './insertAbsent.js';
import { fromStoredDocument, READ_OPTIONS, toStoredDocument } from './storedDocuments.js';

const NAMESPACE_NOT_FOUND = 26;
const NOT_IMPLEMENTED = 238;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Builds beside the live collection and swaps under the stable name. Readers see the swap as one
 * `renameCollection` with `dropTarget` (atomic on MongoDB). FerretDB 1.24 implements neither
 * `dropTarget` nor views, so there it is two renames (live → `<name>__retired_<g>`, rebuild →
 * live), with the collection briefly absent in between. Either way a claim on the swap request
 * makes sure one caller swaps, and a swap cut short by a crash is finished by the next caller.
 */
export function createMongoVersions(
  context: MongoContext,
  prepareRebuild: (
    target: ProjectionTarget,
    indexes: Parameters<ReadModelVersions['beginRebuild']>[1],
    version: number,
  ) => Promise<void>,
): ReadModelVersions {
  const { db } = context;
  const checkpoints = db.collection<StoredCheckpoint>(CHECKPOINTS);
  // Every step of a swap has its own deadline; a claim older than all of them is abandoned.
  const claimLifetimeMs = 6 * context.deadlineMs;
  const live = (projection: string) => checkpoints.findOne({ _id: projection });
  const exists = async (name: string) =>
    (await db.listCollections({ name }, { nameOnly: true }).toArray()).length > 0;

  async function rename(
    from: string,
    to: string,
    dropTarget: boolean,
  ): Promise<'done' | 'unsupported'> {
    try {
      await db.renameCollection(from, to, {
        ...(dropTarget ? { dropTarget } : {}),
      });
      return 'done';
    } catch (error) {
      if (dropTarget && error instanceof MongoServerError && error.code === NOT_IMPLEMENTED) {
        return 'unsupported';
      }
      throw error;
    }
  }

  async function dropIfExists(name: string): Promise<void> {
    try {
      await db.dropCollection(name);
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === NAMESPACE_NOT_FOUND)) throw error;
    }
  }

  /** Puts the rebuild under the live name; idempotent, so a crashed swap can be finished. */
  async function moveIntoPlace(rebuild: ProjectionTarget, liveGeneration: number): Promise<void> {
    if (!(await exists(rebuild.collection))) return;
    if ((await rename(rebuild.collection, rebuild.projection, true)) === 'done') return;
    const retired = retiredCollection(rebuild.projection, liveGeneration);
    if (await exists(rebuild.projection)) {
      await dropIfExists(retired);
      await rename(rebuild.projection, retired, false);
    }
    await rename(rebuild.collection, rebuild.projection, false);
  }

  const storedDocumentsPage: ReadModelVersions['storedDocumentsPage'] = (target, afterKey, limit) =>
    context.run(async () => {
      const found = await db
        .collection<KeyedDocument>(target.collection)
        .find(afterKey === undefined ? {} : { _id: { $gt: afterKey } }, {
          ...READ_OPTIONS,
          sort: { _id: 1 },
          limit,
          batchSize: limit + 1,
        })
        .toArray();
      return found.map((stored) => {
        const { key, document } = fromStoredDocument(stored);
        return [key, document] as const;
      });
    });

  return {
    liveTarget: (projection) =>
      context.run(async () => {
        assertProjectionName(projection);
        return {
          projection,
          collection: projection,
          generation: (await live(projection))?.generation ?? 1,
        };
      }),

    beginRebuild: (projection, indexes, version) =>
      context.run(async () => {
        assertProjectionName(projection);
        const leftovers = await checkpoints
          .find({ projection, _id: { $ne: projection } })
          .toArray();
        const names = (await db.listCollections({}, { nameOnly: true }).toArray())
          .map(({ name }) => name)
          .filter((name) => name.startsWith(`${projection}__`));
        for (const name of names) await dropIfExists(name);
        for (const leftover of leftovers) await checkpoints.deleteOne({ _id: leftover._id });
        // The live checkpoint exists before anyone waits on it, even if no service ever ran.
        await checkpoints
          .updateOne(
            { _id: projection },
            {
              $setOnInsert: {
                projection,
                generation: 1,
                version,
                position: null,
                updatedAt: new Date().toISOString(),
              },
            },
            { upsert: true },
          )
          .catch((error: unknown) => {
            if (!(error instanceof MongoServerError && error.code === 11000)) throw error;
          });
        const generation =
          Math.max(
            (await live(projection))?.generation ?? 1,
            ...leftovers.map((leftover) => leftover.generation),
          ) + 1;
        const target = {
          projection,
          collection: rebuildCollection(projection, generation),
          generation,
        };
        await prepareRebuild(target, indexes, version);
        return target;
      }),

    discardRebuild: (rebuild) =>
      context.run(async () => {
        if (rebuild.collection === rebuild.projection) {
          throw new RangeError(`${rebuild.collection} is live, not a rebuild`);
        }
        await dropIfExists(rebuild.collection);
        await checkpoints.deleteOne({ _id: rebuild.collection });
      }),

    documentsPage: async (target, afterKey, limit) =>
      (await storedDocumentsPage(target, afterKey, limit)).map(
        ([key, document]) => [key, document.body] as const,
      ),

    storedDocumentsPage,

    insertDocuments: (target, documents) =>
      context.run(async (limits) => {
        await insertAbsent(
          db.collection<KeyedDocument>(target.collection),
          documents.map(([key, document]) => toStoredDocument(key, document)),
          limits,
        );
      }),

    requestSwap: (rebuild) =>
      context.run(async () => {
        await checkpoints.updateOne(
          { _id: rebuild.projection, generation: { $lt: rebuild.generation } },
          {
            $set: {
              swapRequest: { collection: rebuild.collection, generation: rebuild.generation },
            },
          },
        );
      }),

    swap: (rebuild) =>
      context.run(async () => {
        const claimant = randomUUID();
        const started = Date.now();
        for (;;) {
          const current = await live(rebuild.projection);
          if (current && current.generation >= rebuild.generation) return;
          const liveGeneration = current?.generation ?? 1;
          const staleBefore = new Date(Date.now() - claimLifetimeMs).toISOString();
          const claimed = await checkpoints.updateOne(
            {
              _id: rebuild.projection,
              generation: liveGeneration,
              $or: [
                { 'swapRequest.claimedAt': { $exists: false } },
                { 'swapRequest.claimedAt': { $lt: staleBefore } },
              ],
            },
            {
              $set: {
                swapRequest: {
                  collection: rebuild.collection,
                  generation: rebuild.generation,
                  claimedBy: claimant,
                  claimedAt: new Date().toISOString(),
                },
              },
            },
          );
          if (claimed.matchedCount === 0) {
            // Someone else is swapping: wait for them, or for their claim to lapse.
            if (Date.now() - started > 2 * claimLifetimeMs) {
              throw new Error(`the swap of ${rebuild.collection} did not complete`);
            }
            await sleep(200);
            continue;
          }
          const built = await checkpoints.findOne({ _id: rebuild.collection });
          await moveIntoPlace(rebuild, liveGeneration);
          if (Date.now() - started > claimLifetimeMs) {
            throw new Error(`the swap of ${rebuild.collection} took longer than its claim`);
          }
          await checkpoints.updateOne(
            {
              _id: rebuild.projection,
              generation: liveGeneration,
              'swapRequest.claimedBy': claimant,
            },
            {
              $set: {
                generation: rebuild.generation,
                version: built?.version ?? current?.version ?? 0,
                position: built?.position ?? null,
                updatedAt: new Date().toISOString(),
              },
              $unset: { swapRequest: '' },
            },
          );
          await checkpoints.deleteOne({ _id: rebuild.collection });
          await dropIfExists(retiredCollection(rebuild.projection, liveGeneration));
          return;
        }
      }),
  };
}
