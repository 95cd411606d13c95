import type { AppendResult } from '../eventStore.js';
import { StoreUnavailableError, StreamRevisionConflictError } from '../eventStoreErrors.js';
import type { AppendRequest } from './appendToStream.js';
import type { SqliteDatabase } from './openSqliteDatabase.js';

interface Pending {
  readonly request: AppendRequest;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

export interface GroupCommitOptions {
  /** Appends committed together in one transaction (one fsync). 1 disables group commit. */
  readonly maxBatchSize: number;
}

/**
 * Group commit: appends that arrive while the event loop is busy are queued and committed together
 * in one transaction, so N concurrent webhooks cost one fsync instead of N. Each append keeps its
 * own outcome: a revision conflict rejects only that append, while a failed commit (disk full,
 * I/O error) rejects the whole batch and writes nothing.
 */
export function createGroupCommitWriter(
  db: SqliteDatabase,
  appendToStream: (request: AppendRequest) => AppendResult,
  options: GroupCommitOptions,
) {
  const queue: Pending[] = [];
  let scheduled = false;
  const afterCommitListeners: (() => void)[] = [];

  const commitBatch = db.transaction((batch: readonly Pending[]) =>
    batch.map((pending) => {
      try {
        return { ok: true as const, result: appendToStream(pending.request) };
      } catch (error) {
        if (error instanceof StreamRevisionConflictError) return { ok: false as const, error };
        throw error;
      }
    }),
  );

  function flush(): void {
    scheduled = false;
    while (queue.length > 0) {
      const batch = queue.splice(0, options.maxBatchSize);
      let outcomes;
      try {
        outcomes = commitBatch.immediate(batch);
      } catch (error) {
        const unavailable = new StoreUnavailableError(undefined, { cause: error });
        for (const pending of batch) pending.reject(unavailable);
        continue;
      }
      batch.forEach((pending, index) => {
        const outcome = outcomes[index];
        if (outcome?.ok) pending.resolve(outcome.result);
        else pending.reject(outcome?.error);
      });
      for (const listener of afterCommitListeners) listener();
    }
  }

  return {
    append(request: AppendRequest): Promise<AppendResult> {
      return new Promise((resolve, reject) => {
        queue.push({ request, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
    get pendingCount(): number {
      return queue.length;
    },
    onCommit(listener: () => void): void {
      afterCommitListeners.push(listener);
    },
  };
}
