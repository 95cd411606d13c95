import { InvalidQueryError } from './readModelErrors.js';

/** A page of a listing and the cursor of the next one (null on the last page). */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/**
 * Where a listing ordered by `sortValue` descending, then by key ascending, stopped. Listings
 * sort by an ISO 8601 UTC time (`lastEventAt`), which sorts as text.
 */
export interface Cursor {
  readonly sortValue: string;
  readonly key: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sortValue, cursor.key])).toString('base64url');
}

export function decodeCursor(text: string): Cursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string'
    ) {
      return { sortValue: value[0], key: value[1] };
    }
  } catch {
    // falls through to the error below
  }
  throw new InvalidQueryError('cursor is not one this service returned');
}

/**
 * Cuts the `limit + 1` rows an adapter fetched into a page: the extra row only tells that
 * another page exists, and the last row kept becomes its cursor.
 */
export function toPage<T>(
  rows: readonly T[],
  limit: number,
  cursorOf: (row: T) => Cursor,
): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null,
  };
}
