import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDatabase } from '../../eventStore/sqlite/openSqliteDatabase.js';
import type { ReadModelStore } from '../readModelStore.js';
import { createSqliteReadModelStore } from './sqliteReadModelStore.js';

/**
 * A throwaway SQLite read-model store in a fresh directory under `directory` (default: the OS
 * temp dir), to stage a build in; `close` deletes it. Nothing in it must survive a crash (a
 * staged build cut short starts over), so it is written without fsync.
 */
export async function openStagingReadModelStore(
  directory: string = tmpdir(),
): Promise<ReadModelStore> {
  const dir = await mkdtemp(join(directory, 'payledger-staging-'));
  const db = openSqliteDatabase(join(dir, 'staging.sqlite'));
  db.pragma('synchronous = OFF');
  const store = createSqliteReadModelStore(db);
  return {
    ...store,
    async close() {
      await store.close();
      if (db.open) db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
