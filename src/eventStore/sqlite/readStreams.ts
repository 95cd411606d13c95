import type { GlobalPosition, RecordedEvent } from '../eventStore.js';
import { toRecordedEvent, type EventRow } from './eventRow.js';
import type { SqliteDatabase } from './openSqliteDatabase.js';

const CHUNK = 500;

/** Several streams up to a position in one query per 500 streams (on the stream index). */
export function prepareReadStreams(db: SqliteDatabase) {
  const statements = new Map<number, ReturnType<typeof statementFor>>();
  function statementFor(count: number) {
    return db.prepare<unknown[], EventRow>(
      `SELECT * FROM events WHERE stream_name IN (${Array.from({ length: count }, () => '?').join(',')})
       AND position <= ? ORDER BY stream_name, revision`,
    );
  }
  return (
    streamNames: readonly string[],
    through: GlobalPosition,
  ): Map<string, RecordedEvent[]> => {
    const found = new Map<string, RecordedEvent[]>();
    const names = [...new Set(streamNames)];
    for (let start = 0; start < names.length; start += CHUNK) {
      const chunk = names.slice(start, start + CHUNK);
      let statement = statements.get(chunk.length);
      if (!statement) {
        statement = statementFor(chunk.length);
        statements.set(chunk.length, statement);
      }
      for (const row of statement.all(...chunk, Number(through.commit))) {
        const event = toRecordedEvent(row);
        const stream = found.get(event.streamName);
        if (stream) stream.push(event);
        else found.set(event.streamName, [event]);
      }
    }
    return found;
  };
}
