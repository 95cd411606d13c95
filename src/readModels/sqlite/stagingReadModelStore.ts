import { existsSync, readlinkSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDatabase } from '../../eventStore/sqlite/openSqliteDatabase.js';
import type { ReadModelStore } from '../readModelStore.js';
import { createSqliteReadModelStore } from './sqliteReadModelStore.js';

const PREFIX = 'payledger-staging-';
const OWNED_BY = new RegExp(`^${PREFIX}(\\d+)-(\\d+)-`);

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The calling OS thread's id (Linux), 0 where it cannot be known. */
function threadId(): number {
  try {
    return Number(readlinkSync('/proc/thread-self').split('/').at(-1)) || 0;
  } catch {
    return 0;
  }
}

/** Whether the process (and, when known, the thread of this process) that made it is gone. */
function isAbandoned(pid: number, tid: number): boolean {
  if (pid !== process.pid) return !isRunning(pid);
  // A projection thread that died mid-build, in this very process.
  return tid !== 0 && tid !== threadId() && !existsSync(`/proc/self/task/${tid}`);
}

/**
 * Removes the staging directories of processes, or threads of this one, that no longer run: a
 * build cut short by a kill -9 or a dying thread leaves its file behind, as large as the read
 * models it was building. A directory whose maker still runs (or whose id was reused since) is
 * left alone.
 */
async function removeAbandonedStagings(directory: string): Promise<void> {
  const entries = await readdir(directory).catch(() => []);
  for (const entry of entries) {
    const owner = OWNED_BY.exec(entry);
    if (!owner || !isAbandoned(Number(owner[1]), Number(owner[2]))) continue;
    await rm(join(directory, entry), { recursive: true, force: true });
  }
}

/**
 * A throwaway SQLite read-model store in a fresh directory under `directory` (default: the OS
 * temp dir), to stage a build in; `close` deletes it, and the next one opened deletes those of
 * processes or threads that died before they could. Nothing in it must survive a crash (a staged build cut
 * short starts over), so it is written without fsync.
 */
export async function openStagingReadModelStore(
  directory: string = tmpdir(),
): Promise<ReadModelStore> {
  await removeAbandonedStagings(directory);
  const dir = await mkdtemp(join(directory, `${PREFIX}${process.pid}-${threadId()}-`));
  const db = openSqliteDatabase(join(dir, 'staging.sqlite'));
  const store = createSqliteReadModelStore(db);
  // After the store's own pragmas, which suit read models that must stay consistent.
  db.pragma('synchronous = OFF');
  return {
    ...store,
    async close() {
      await store.close();
      if (db.open) db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
