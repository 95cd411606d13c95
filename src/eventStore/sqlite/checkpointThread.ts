/**
 * The checkpoint thread: copies committed WAL frames back into the database file (PASSIVE, so it
 * never blocks the writer or readers) on its own connection and timer. Checkpointing inside a
 * commit would add the copy and the database file's fsync to the latency of every request
 * waiting on that commit.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { nameThread } from '../../observability/nameThread.js';
import { openSqliteDatabase } from './openSqliteDatabase.js';

export interface CheckpointThreadData {
  readonly file: string;
  readonly intervalMs: number;
}

const port = parentPort;
if (!port) throw new Error('checkpointThread.ts runs as a worker thread only');
nameThread('sqlite-ckpt');
const { file, intervalMs } = workerData as CheckpointThreadData;
const db = openSqliteDatabase(file);
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or failing now; the writer's own backstop checkpoint and the next tick remain.
  }
}, intervalMs);

port.on('message', () => {
  clearInterval(timer);
  db.close();
  port.close();
});
