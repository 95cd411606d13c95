import type { AppendResult, ExpectedRevision } from '../eventStore.js';
import { StreamRevisionConflictError } from '../eventStoreErrors.js';
import { prepareAppendToStream, type AppendRequest } from './appendToStream.js';
import type { SqliteDatabase } from './openSqliteDatabase.js';

/** What became of one append of a batch; plain data, so it can cross a thread boundary. */
export type AppendOutcome =
  | { readonly ok: true; readonly result: AppendResult }
  | {
      readonly ok: false;
      readonly conflict: {
        readonly streamName: string;
        readonly expectedRevision: ExpectedRevision;
        readonly actualRevision: bigint | 'no_stream';
      };
    };

/**
 * Commits several appends in one transaction (one fsync). Each append keeps its own outcome: a
 * revision conflict fails only that append, while any other error (disk full, I/O error) throws
 * and rolls the whole batch back.
 */
export function prepareCommitBatch(db: SqliteDatabase) {
  const appendToStream = prepareAppendToStream(db);
  const commit = db.transaction((batch: readonly AppendRequest[]) =>
    batch.map((request): AppendOutcome => {
      try {
        return { ok: true, result: appendToStream(request) };
      } catch (error) {
        if (!(error instanceof StreamRevisionConflictError)) throw error;
        const { streamName, expectedRevision, actualRevision } = error;
        return { ok: false, conflict: { streamName, expectedRevision, actualRevision } };
      }
    }),
  );
  return (batch: readonly AppendRequest[]): AppendOutcome[] => commit.immediate(batch);
}
