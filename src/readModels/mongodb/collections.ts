import { Long, type Db } from 'mongodb';
import type { ParkedPayment } from '../parkedPayment.js';
import type { PaymentDocument } from '../paymentDocument.js';

export const POINTER_COLLECTION = 'readModelVersions';
export const CHECKPOINT_COLLECTION = 'projectionCheckpoints';

export const collectionNames = (version: number) => ({
  payments: `payments_v${version}`,
  parked: `parkedPayments_v${version}`,
});

export type StoredPayment = Omit<PaymentDocument, 'key' | 'lastGlobalPosition'> & {
  _id: string;
  lastGlobalPosition: Long;
  lastEventAtMs: number;
};

export type StoredParked = Omit<
  ParkedPayment,
  'key' | 'lastGlobalPosition' | 'firstParkedPosition'
> & {
  _id: string;
  lastGlobalPosition: Long;
  firstParkedPosition: Long;
};

/** int64 read back with `useBigInt64` is a bigint; a smaller integer may come back as a number. */
export function toBigInt(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (value instanceof Long) return value.toBigInt();
  throw new TypeError(`not a stored position: ${String(value)}`);
}

export function toStoredPayment(document: PaymentDocument): StoredPayment {
  const { key, lastGlobalPosition, ...rest } = document;
  return {
    _id: key,
    ...rest,
    lastGlobalPosition: Long.fromBigInt(lastGlobalPosition),
    lastEventAtMs: Date.parse(document.lastEventAt),
  };
}

/** Documents are read with `useBigInt64`, so int64 fields arrive as bigint. */
export function fromStoredPayment(stored: Record<string, unknown>): PaymentDocument {
  const { _id, lastEventAtMs: _ms, lastGlobalPosition, ...rest } = stored;
  return {
    key: _id,
    ...rest,
    lastGlobalPosition: toBigInt(lastGlobalPosition),
  } as PaymentDocument;
}

export function toStoredParked(parked: ParkedPayment): StoredParked {
  const { key, lastGlobalPosition, firstParkedPosition, ...rest } = parked;
  return {
    _id: key,
    ...rest,
    lastGlobalPosition: Long.fromBigInt(lastGlobalPosition),
    firstParkedPosition: Long.fromBigInt(firstParkedPosition),
  };
}

export function fromStoredParked(stored: Record<string, unknown>): ParkedPayment {
  const { _id, lastGlobalPosition, firstParkedPosition, ...rest } = stored;
  return {
    key: _id,
    ...rest,
    lastGlobalPosition: toBigInt(lastGlobalPosition),
    firstParkedPosition: toBigInt(firstParkedPosition),
  } as ParkedPayment;
}

export async function createVersionIndexes(db: Db, version: number): Promise<void> {
  const payments = db.collection(collectionNames(version).payments);
  await payments.createIndexes([
    { key: { lastEventAtMs: -1, _id: 1 }, name: 'recent' },
    { key: { orderId: 1 }, name: 'order' },
    { key: { status: 1, lastEventAtMs: -1, _id: 1 }, name: 'status' },
    { key: { 'daily.day': 1 }, name: 'day' },
  ]);
}
