import {
  openSqliteDatabase,
  type SqliteDatabase,
} from '../../eventStore/sqlite/openSqliteDatabase.js';
import type { ReadModelStore } from '../readModelStore.js';
import { rejectSyncThrows } from './rejectSyncThrows.js';
import { createCheckpointTable } from './schema.js';
import { createSqliteDocumentStore } from './sqliteDocumentStore.js';
import { createLeaseTable, createSqliteLeases } from './sqliteLeases.js';
import { createSqliteQueries } from './sqliteQueries.js';

/**
 * Read models in the embedded SQLite file, beside the event log, in tables named like the
 * MongoDB collections. Pass the event store's database to share its connection, or a file path
 * to open one (other processes, such as a rebuild, open the same file; WAL lets them read while
 * one writes).
 */
export function createSqliteReadModelStore(
  source: SqliteDatabase | { readonly file: string },
): ReadModelStore {
  const ownsDatabase = 'file' in source && typeof source.file === 'string';
  const db: SqliteDatabase = ownsDatabase
    ? openSqliteDatabase((source as { file: string }).file)
    : (source as SqliteDatabase);
  // Projection batches touch documents all over the tables; 16 MiB of page cache (more bought no speed measurably, and cost RSS; the OS caches the file too).
  db.pragma('cache_size = -16384');
  // Read models are a fold of the log, written with their checkpoint in one transaction: a power
  // cut may take the last batches (WAL stays consistent) and the runner applies them again. So
  // their commits need not wait for an fsync, unlike the log's (its writer thread keeps FULL).
  db.pragma('synchronous = NORMAL');
  createCheckpointTable(db);
  createLeaseTable(db);
  const store: ReadModelStore = {
    ...createSqliteDocumentStore(db),
    ...createSqliteLeases(db),
    ...createSqliteQueries(db),
    ping() {
      db.prepare('SELECT 1').get();
      return Promise.resolve();
    },
    close() {
      if (ownsDatabase && db.open) db.close();
      return Promise.resolve();
    },
  };
  return rejectSyncThrows(store);
}
