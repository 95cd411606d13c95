import { SQLITE_MAX_APPEND_BYTES, appendSizeBytes } from '../appendSizeLimit.js';
import type { EventStore, EventToAppend, ExpectedRevision } from '../eventStore.js';
import { AppendTooLargeError, StoreUnavailableError } from '../eventStoreErrors.js';
import { createGroupCommitWriter } from './groupCommitWriter.js';
import { openSqliteDatabase, type SqliteDatabase } from './openSqliteDatabase.js';
import { createPollingSubscription } from './pollingSubscription.js';
import { prepareReadAll } from './readAll.js';
import { prepareReadStream } from './readStream.js';
import { prepareReadStreams } from './readStreams.js';
import { createEventStoreSchema } from './schema.js';

export interface SqliteEventStoreOptions {
  /** Path of the database file, shared with the embedded read models. */
  readonly file: string;
  /** Appends committed per transaction; 1 turns group commit off (for benchmarks). */
  readonly maxBatchSize?: number;
  readonly pollIntervalMs?: number;
  readonly now?: () => number;
  /** Largest append taken, counted as EventStoreDB counts it (default: SQLite's own limit). */
  readonly maxAppendBytes?: number;
  /**
   * Only reads the log, which another thread or process writes (the projection thread): no
   * writer thread is started, and an append is refused. Its subscriptions notice appends by
   * polling every `pollIntervalMs`.
   */
  readonly readOnly?: boolean;
}

export function createSqliteEventStore(options: SqliteEventStoreOptions): EventStore & {
  /** The connection this thread reads with; writes go through the writer thread. */
  readonly database: SqliteDatabase;
  writerPragma(pragma: string): Promise<unknown>;
} {
  if (options.file === ':memory:')
    throw new Error('The event store needs a file its writer thread can open too.');
  const db = openSqliteDatabase(options.file);
  createEventStoreSchema(db);
  const writer = options.readOnly
    ? undefined
    : createGroupCommitWriter({
        file: options.file,
        maxBatchSize: options.maxBatchSize ?? 1000,
        now: options.now ?? Date.now,
        checkpointIntervalMs: 200,
      });
  const maxAppendBytes = options.maxAppendBytes ?? SQLITE_MAX_APPEND_BYTES;
  const readStream = prepareReadStream(db);
  const readPage = prepareReadAll(db);
  const readStreams = prepareReadStreams(db);
  const appendListeners = new Set<() => void>();
  writer?.onCommit(() => {
    for (const listener of [...appendListeners]) listener();
  });
  let open = true;

  function ensureOpen(): void {
    if (!open) throw new StoreUnavailableError('The event store is closed.');
  }

  function writing(): NonNullable<typeof writer> {
    ensureOpen();
    if (!writer) throw new StoreUnavailableError('This event store only reads the log.');
    return writer;
  }

  return {
    database: db,

    async appendToStream(
      streamName: string,
      events: readonly EventToAppend[],
      { expectedRevision }: { readonly expectedRevision: ExpectedRevision },
    ) {
      const appending = writing();
      const serialized = events.map((event) => ({
        id: event.id,
        type: event.type,
        data: JSON.stringify(event.data),
        metadata: JSON.stringify(event.metadata),
      }));
      // Checked here, before the writer thread: a value over SQLite's limit would fail the whole
      // group-commit batch it landed in, not just this append.
      const size = appendSizeBytes(serialized);
      if (size > maxAppendBytes) {
        throw new AppendTooLargeError(maxAppendBytes, 'the embedded event store', size);
      }
      return appending.append({ streamName, expectedRevision, events: serialized });
    },

    readStream(streamName, readOptions) {
      ensureOpen();
      return Promise.resolve(
        readStream(streamName, readOptions?.fromRevision ?? 0n, readOptions?.maxCount),
      );
    },

    readStreams(streamNames, { through }) {
      ensureOpen();
      return Promise.resolve(readStreams(streamNames, through));
    },

    readAll(readOptions) {
      ensureOpen();
      return Promise.resolve(
        readPage(readOptions.after, readOptions.maxCount, readOptions.streamPrefixes ?? []).events,
      );
    },

    subscribeToAll(subscribeOptions = {}) {
      ensureOpen();
      return createPollingSubscription(
        {
          readPage,
          onLocalAppend: (wake) => {
            appendListeners.add(wake);
            return () => appendListeners.delete(wake);
          },
          pollIntervalMs: options.pollIntervalMs ?? 100,
          pageSize: 1000,
        },
        subscribeOptions,
      );
    },

    ping() {
      ensureOpen();
      db.prepare('SELECT 1').get();
      return Promise.resolve();
    },

    /** Runs a pragma on the connection that writes (it lives on the writer thread). */
    writerPragma(pragma: string): Promise<unknown> {
      return writing().pragma(pragma);
    },

    async close() {
      if (open) {
        open = false;
        await writer?.close();
        db.close();
      }
    },
  };
}
