import { MongoServerError } from 'mongodb';
import type { Lease, ProjectionLeases } from '../projectionLeases.js';
import { LEASES } from '../readModelNames.js';
import type { MongoContext } from './mongoContext.js';

const DUPLICATE_KEY = 11000;

interface StoredLease {
  _id: string;
  holder: string;
  token: number;
  expiresAt: Date;
}

const toLease = (stored: StoredLease): Lease => ({
  name: stored._id,
  holder: stored.holder,
  token: stored.token,
  expiresAt: stored.expiresAt,
});

/**
 * Leases as documents of `projection_leases`, each change one single-document operation
 * (atomic without transactions): taking a lease is an update conditional on its expiry that
 * also increments the token, or the insert of its first document, which only one caller wins.
 */
export function createMongoLeases(context: MongoContext): ProjectionLeases {
  const leases = context.db.collection<StoredLease>(LEASES);
  const read = (name: string) => leases.findOne({ _id: name });

  return {
    acquireLease: (name, holder, ttlMs, now = new Date()) =>
      context.run(async () => {
        const expiresAt = new Date(now.getTime() + ttlMs);
        const taken = await leases.findOneAndUpdate(
          { _id: name, expiresAt: { $lte: now } },
          { $set: { holder, expiresAt }, $inc: { token: 1 } },
          { returnDocument: 'after' },
        );
        if (taken) return toLease(taken);
        try {
          await leases.insertOne({ _id: name, holder, token: 1, expiresAt });
          return { name, holder, token: 1, expiresAt };
        } catch (error) {
          if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
        }
        const current = await read(name);
        if (!current) throw new Error(`the ${name} lease vanished while being taken`);
        return toLease(current);
      }),

    renewLease: (lease, ttlMs, now = new Date()) =>
      context.run(async () => {
        const expiresAt = new Date(now.getTime() + ttlMs);
        const renewed = await leases.updateOne(
          { _id: lease.name, holder: lease.holder, token: lease.token },
          { $set: { expiresAt } },
        );
        return renewed.matchedCount === 1 ? { ...lease, expiresAt } : undefined;
      }),

    releaseLease: (lease) =>
      context.run(async () => {
        await leases.updateOne(
          { _id: lease.name, holder: lease.holder, token: lease.token },
          { $set: { expiresAt: new Date(0) } },
        );
      }),

    readLease: (name) =>
      context.run(async () => {
        const stored = await read(name);
        return stored ? toLease(stored) : undefined;
      }),
  };
}
