import type { GlobalPosition, RecordedEvent } from '../eventStore.js';
import { toRecordedEvent, type EventRow } from './eventRow.js';
import type { SqliteDatabase } from './openSqliteDatabase.js';

export interface ReadAllPage {
  readonly events: RecordedEvent[];
  /** Highest position in the whole log when the page was read (a consistent snapshot). */
  readonly headPosition: bigint;
}

/** One page of the global log after a position, optionally only some stream-name prefixes. */
export function prepareReadAll(db: SqliteDatabase) {
  const statements = new Map<number, ReturnType<typeof statementFor>>();
  const head = db.prepare<[], { head: number | null }>('SELECT max(position) AS head FROM events');

  function statementFor(prefixCount: number) {
    const filter =
      prefixCount === 0
        ? ''
        : `AND (${Array.from({ length: prefixCount }, () => 'substr(stream_name, 1, ?) = ?').join(' OR ')})`;
    return db.prepare<unknown[], EventRow>(
      `SELECT * FROM events WHERE position > ? ${filter} ORDER BY position LIMIT ?`,
    );
  }

  const readPage = db.transaction(
    (
      after: GlobalPosition | undefined,
      maxCount: number,
      prefixes: readonly string[],
    ): ReadAllPage => {
      let statement = statements.get(prefixes.length);
      if (!statement) {
        statement = statementFor(prefixes.length);
        statements.set(prefixes.length, statement);
      }
      const prefixArgs = prefixes.flatMap((prefix) => [prefix.length, prefix]);
      const rows = statement.all(lastRowidBefore(after), ...prefixArgs, maxCount);
      return { events: rows.map(toRecordedEvent), headPosition: BigInt(head.get()?.head ?? 0) };
    },
  );
  return (after: GlobalPosition | undefined, maxCount: number, prefixes: readonly string[]) =>
    readPage.deferred(after, maxCount, prefixes);
}

/**
 * The port compares whole positions, commit then prepare. An event here sits at (rowid, rowid),
 * which comes after (c, p) when rowid > c, or when rowid = c and c > p: a position such as
 * (c, 0), which EventStoreDB sends at the end of a catch-up, still has the event at c after it.
 */
function lastRowidBefore(after: GlobalPosition | undefined): number {
  if (!after) return 0;
  return Number(after.commit > after.prepare ? after.commit - 1n : after.commit);
}
