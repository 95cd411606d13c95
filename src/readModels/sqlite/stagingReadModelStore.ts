import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDatabase } from '../../eventStore/sqlite/openSqliteDatabase.js';
import type { ReadModelStore } from '../readModelStore.js';
import { createSqliteReadModelStore } from './sqliteReadModelStore.js';

const PREFIX = 'payledger-staging-';
const OWNED_BY = new RegExp(`^${PREFIX}(\\d+)-`);

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the staging directories of processes that no longer run: a build cut short by a
 * kill -9 leaves its file behind, as large as the read models it was building. A directory whose
 * process still runs (or whose process id was reused since) is left alone.
 */
async function removeAbandonedStagings(directory: string): Promise<void> {
  const entries = await readdir(directory).catch(() => []);
  for (const entry of entries) {
    const pid = Number(OWNED_BY.exec(entry)?.[1]);
    if (!pid || pid === process.pid || isRunning(pid)) continue;
    await rm(join(directory, entry), { recursive: true, force: true });
  }
}

/**
 * A throwaway SQLite read-model store in a fresh directory under `directory` (default: the OS
 * temp dir), to stage a build in; `close` deletes it, and the next one opened deletes those of
 * processes that died before they could. Nothing in it must survive a crash (a staged build cut
 * short starts over), so it is written without fsync.
 */
export async function openStagingReadModelStore(
  directory: string = tmpdir(),
): Promise<ReadModelStore> {
  await removeAbandonedStagings(directory);
  const dir = await mkdtemp(join(directory, `${PREFIX}${process.pid}-`));
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
