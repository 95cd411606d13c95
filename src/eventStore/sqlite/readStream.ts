import type { RecordedEvent } from '../eventStore.js';
import { toRecordedEvent, type EventRow } from './eventRow.js';
import type { SqliteDatabase } from './openSqliteDatabase.js';

export function prepareReadStream(db: SqliteDatabase) {
  const statement = db.prepare<[string, number, number], EventRow>(
    'SELECT * FROM events WHERE stream_name = ? AND revision >= ? ORDER BY revision LIMIT ?',
  );
  return (streamName: string, fromRevision: bigint, maxCount: number): RecordedEvent[] =>
    statement.all(streamName, Number(fromRevision), maxCount).map(toRecordedEvent);
}
