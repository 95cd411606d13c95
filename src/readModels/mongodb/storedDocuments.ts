import { Long, type Document } from 'mongodb';
import type { GlobalPosition } from '../../eventStore/eventStore.js';
import type { StoredDocument } from '../documentStore.js';
import type { Stored } from '../stored.js';

/** A whole position as BSON: two int64 fields, compared commit first, then prepare. */
export interface StoredPosition {
  readonly commit: Long;
  readonly prepare: Long;
}

export const toStoredPosition = (position: GlobalPosition): StoredPosition => ({
  commit: Long.fromBigInt(position.commit),
  prepare: Long.fromBigInt(position.prepare),
});

/** int64 read back with `useBigInt64` is a bigint; a small integer may come back as a number. */
function toBigInt(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (value instanceof Long) return value.toBigInt();
  throw new TypeError(`not a stored position: ${String(value)}`);
}

export function fromStoredPosition(value: unknown): GlobalPosition {
  const { commit, prepare } = (value ?? {}) as { commit?: unknown; prepare?: unknown };
  return { commit: toBigInt(commit), prepare: toBigInt(prepare) };
}

/** `{ _id: key, …fields, lastGlobalPosition: { commit, prepare } }`. */
export function toStoredDocument(
  key: string,
  document: StoredDocument,
): Document & { _id: string } {
  return { ...document.body, _id: key, lastGlobalPosition: toStoredPosition(document.position) };
}

export function fromStoredDocument(stored: Document): { key: string; document: StoredDocument } {
  const { _id, lastGlobalPosition, ...body } = stored;
  return {
    key: String(_id),
    document: { position: fromStoredPosition(lastGlobalPosition), body },
  };
}

/** A stored document as the query side returns it. */
export function toReadModel<Body>(stored: Document): Stored<Body> {
  const { key, document } = fromStoredDocument(stored);
  return { ...(document.body as Body), key, lastGlobalPosition: document.position };
}

/** Reads that keep int64 positions exact. */
export const READ_OPTIONS = { useBigInt64: true } as const;
