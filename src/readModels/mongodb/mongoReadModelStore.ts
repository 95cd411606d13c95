import { MongoClient, type Db, type Filter } from 'mongodb';
import { sumDailyTotals } from '../../../projections/dailyTotals/dailyTotalsProjection.js';
import { projectOrder } from '../../../projections/orders/ordersProjection.js';
import type { PaymentDocument } from '../paymentDocument.js';
import { decodePaymentCursor, encodePaymentCursor } from '../paymentCursor.js';
import type { ReadModelStore } from '../readModelStore.js';
import {
  POINTER_COLLECTION,
  collectionNames,
  createVersionIndexes,
  fromStoredParked,
  fromStoredPayment,
  type StoredPayment,
} from './collections.js';
import { createMongoReadModelWriter } from './mongoReadModelWriter.js';
import { translateMongoError } from './translateMongoError.js';

export interface MongoReadModelStoreOptions {
  readonly url: string;
  readonly databaseName: string;
}

interface Pointer {
  _id: 'pointer';
  /** The version readers and the live projection use. */
  active: number;
  /** The highest version ever created. */
  latest: number;
}

const READ = { useBigInt64: true } as const;

/**
 * Read models in MongoDB (or FerretDB). The active version is one field of one pointer
 * document, so a rebuild's swap is a single atomic update without transactions.
 */
export function createMongoReadModelStore(options: MongoReadModelStoreOptions): ReadModelStore {
  const client = new MongoClient(options.url, { serverSelectionTimeoutMS: 5000 });
  const db: Db = client.db(options.databaseName);
  const pointers = db.collection<Pointer>(POINTER_COLLECTION);
  let initialized: Promise<void> | undefined;

  const initialize = () =>
    (initialized ??= (async () => {
      const existing = await pointers.findOne({ _id: 'pointer' });
      if (existing) return;
      await createVersionIndexes(db, 1);
      await pointers
        .updateOne({ _id: 'pointer' }, { $setOnInsert: { active: 1, latest: 1 } }, { upsert: true })
        .catch(() => undefined);
    })().catch((error: unknown) => {
      initialized = undefined;
      throw error;
    }));

  async function activeVersion(): Promise<number> {
    await initialize();
    const pointer = await pointers.findOne({ _id: 'pointer' });
    if (!pointer) throw new Error('no active read-model version');
    return pointer.active;
  }

  const activePayments = async () =>
    db.collection<StoredPayment>(collectionNames(await activeVersion()).payments);

  return {
    activeVersion: () => translateMongoError(activeVersion),

    writer: (version) => createMongoReadModelWriter(db, version),

    beginRebuild: () =>
      translateMongoError(async () => {
        await initialize();
        const pointer = await pointers.findOneAndUpdate(
          { _id: 'pointer' },
          { $inc: { latest: 1 } },
          { returnDocument: 'after' },
        );
        if (!pointer) throw new Error('no read-model pointer');
        const keep = new Set(
          [pointer.active, pointer.latest].flatMap((v) => Object.values(collectionNames(v))),
        );
        const existing = await db.listCollections({}, { nameOnly: true }).toArray();
        for (const { name } of existing) {
          if (/_v\d+$/.test(name) && !keep.has(name)) await db.dropCollection(name);
        }
        await createVersionIndexes(db, pointer.latest);
        return createMongoReadModelWriter(db, pointer.latest);
      }),

    activate: (version) =>
      translateMongoError(async () => {
        const result = await pointers.updateOne(
          { _id: 'pointer', latest: { $gte: version } },
          { $set: { active: version } },
        );
        if (result.matchedCount !== 1) throw new RangeError(`no read-model version ${version}`);
      }),

    getPayment: (gateway, paymentId) =>
      translateMongoError(async () => {
        const stored = await (
          await activePayments()
        ).findOne({ _id: `${gateway}:${paymentId}` }, READ);
        return stored ? fromStoredPayment(stored) : undefined;
      }),

    listPayments: (query) =>
      translateMongoError(async () => {
        const filter: Record<string, unknown> = {};
        if (query.status !== undefined) filter.status = query.status;
        if (query.gateway !== undefined) filter.gateway = query.gateway;
        if (query.currency !== undefined) filter.currency = query.currency;
        if (query.orderId !== undefined) filter.orderId = query.orderId;
        const range: { $gte?: number; $lte?: number } = {};
        if (query.from !== undefined) range.$gte = query.from.getTime();
        if (query.to !== undefined) range.$lte = query.to.getTime();
        if (Object.keys(range).length > 0) filter.lastEventAtMs = range;
        if (query.cursor !== undefined) {
          const after = decodePaymentCursor(query.cursor);
          filter.$or = [
            { lastEventAtMs: { $lt: after.lastEventAtMs } },
            { lastEventAtMs: after.lastEventAtMs, _id: { $gt: after.key } },
          ];
        }
        const stored = await (
          await activePayments()
        )
          .find(filter as Filter<StoredPayment>, READ)
          .sort({ lastEventAtMs: -1, _id: 1 })
          .limit(query.limit + 1)
          .toArray();
        const items: PaymentDocument[] = stored.slice(0, query.limit).map(fromStoredPayment);
        const last = items.at(-1);
        const nextCursor =
          stored.length > query.limit && last
            ? encodePaymentCursor({ lastEventAtMs: Date.parse(last.lastEventAt), key: last.key })
            : null;
        return { items, nextCursor };
      }),

    getOrder: (orderId) =>
      translateMongoError(async () => {
        const stored = await (await activePayments()).find({ orderId }, READ).toArray();
        return projectOrder(orderId, stored.map(fromStoredPayment));
      }),

    dailyTotals: (range) =>
      translateMongoError(async () => {
        const day: { $gte?: string; $lte?: string } = {};
        if (range.from !== undefined) day.$gte = range.from;
        if (range.to !== undefined) day.$lte = range.to;
        const filter = Object.keys(day).length > 0 ? { 'daily.day': day } : {};
        const stored = await (
          await activePayments()
        )
          .find(filter, { ...READ, projection: { gateway: 1, currency: 1, daily: 1 } })
          .toArray();
        return sumDailyTotals(stored, range);
      }),

    listParked: () =>
      translateMongoError(async () => {
        const version = await activeVersion();
        const stored = await db
          .collection(collectionNames(version).parked)
          .find({}, READ)
          .sort({ _id: 1 })
          .toArray();
        return stored.map(fromStoredParked);
      }),

    ping: () =>
      translateMongoError(async () => {
        await db.command({ ping: 1 });
      }),

    close: () => client.close(),
  };
}
