import type { AppendResult, ExpectedRevision } from '../eventStore.js';
import { StreamRevisionConflictError } from '../eventStoreErrors.js';
import type { SqliteDatabase } from './openSqliteDatabase.js';

/** An event with its JSON already serialized, as the writer thread receives it. */
export interface SerializedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

export interface AppendRequest {
  readonly streamName: string;
  readonly events: readonly SerializedEvent[];
  readonly expectedRevision: ExpectedRevision;
  /** Milliseconds since the epoch, from the store's clock. */
  readonly recordedAt: number;
}

/**
 * Prepares the statements of one append, run inside the caller's transaction. Follows
 * EventStoreDB's `CheckCommit`: an expected revision behind the head is an idempotent success
 * when the events already stored after it carry exactly the ids being appended.
 */
export function prepareAppendToStream(db: SqliteDatabase) {
  const head = db.prepare<[string], { revision: number | null }>(
    'SELECT max(revision) AS revision FROM events WHERE stream_name = ?',
  );
  const storedAfter = db.prepare<
    [string, number, number],
    { event_id: string; revision: number; position: number }
  >(
    'SELECT event_id, revision, position FROM events WHERE stream_name = ? AND revision > ? ORDER BY revision LIMIT ?',
  );
  const insert = db.prepare(
    `INSERT INTO events (stream_name, revision, event_id, type, data, metadata, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );

  function idempotentResult(request: AppendRequest, after: number): AppendResult | undefined {
    const stored = storedAfter.all(request.streamName, after, request.events.length);
    const sameIds =
      stored.length === request.events.length &&
      stored.every((row, index) => row.event_id === request.events[index]?.id);
    const last = stored.at(-1);
    if (!sameIds || !last) return undefined;
    const position = BigInt(last.position);
    return {
      nextExpectedRevision: BigInt(last.revision),
      position: { commit: position, prepare: position },
    };
  }

  return function appendToStream(request: AppendRequest): AppendResult {
    const current = head.get(request.streamName)?.revision ?? null;
    const { expectedRevision } = request;
    const actual = current === null ? 'no_stream' : BigInt(current);
    const conflict = () =>
      new StreamRevisionConflictError(request.streamName, expectedRevision, actual);

    if (expectedRevision === 'no_stream' && current !== null) {
      const replay = idempotentResult(request, -1);
      if (replay) return replay;
      throw conflict();
    }
    if (typeof expectedRevision === 'bigint') {
      if (current === null || expectedRevision > BigInt(current)) throw conflict();
      if (expectedRevision < BigInt(current)) {
        const replay = idempotentResult(request, Number(expectedRevision));
        if (replay) return replay;
        throw conflict();
      }
    }

    let revision = current ?? -1;
    let position = 0n;
    for (const event of request.events) {
      revision += 1;
      const info = insert.run(
        request.streamName,
        revision,
        event.id,
        event.type,
        event.data,
        event.metadata,
        request.recordedAt,
      );
      position = BigInt(info.lastInsertRowid);
    }
    return {
      nextExpectedRevision: BigInt(revision),
      position: { commit: position, prepare: position },
    };
  };
}
