import type { SqliteDatabase } from './openSqliteDatabase.js';

/**
 * `position` is the rowid: one writer at a time means rowid order is commit order, so the global
 * log has no gaps a reader could skip. `UNIQUE (stream_name, revision)` is the stream's
 * optimistic-concurrency guard and its read index.
 */
export function createEventStoreSchema(db: SqliteDatabase): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS events (
      position     INTEGER PRIMARY KEY,
      stream_name  TEXT    NOT NULL,
      revision     INTEGER NOT NULL,
      event_id     TEXT    NOT NULL,
      type         TEXT    NOT NULL,
      data         TEXT    NOT NULL,
      metadata     TEXT    NOT NULL,
      recorded_at  INTEGER NOT NULL,
      UNIQUE (stream_name, revision)
    );
  `);
}
