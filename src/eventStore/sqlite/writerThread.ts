/**
 * The writer thread: owns the only connection that writes, so each commit's fsync (and WAL
 * checkpoints) blocks this thread and never the event loop serving HTTP. Handles one message at
 * a time, in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { prepareCommitBatch } from './commitBatch.js';
import { nameThread } from '../../observability/nameThread.js';
import { openSqliteDatabase } from './openSqliteDatabase.js';
import type { WriterReply, WriterRequest, WriterThreadData } from './writerProtocol.js';

const port = parentPort;
if (!port) throw new Error('writerThread.ts runs as a worker thread only');
nameThread('sqlite-writer');
const db = openSqliteDatabase((workerData as WriterThreadData).file);
// The checkpoint thread keeps the WAL short; checkpointing here only if it falls far behind
// (64 MiB of WAL) keeps each commit to its own fsync.
db.pragma('wal_autocheckpoint = 16384');
const commitBatch = prepareCommitBatch(db);

port.on('message', (request: WriterRequest) => {
  port.postMessage(handle(request));
  if (request.kind === 'close') port.close();
});

function handle(request: WriterRequest): WriterReply {
  try {
    switch (request.kind) {
      case 'commit':
        return { kind: 'done', id: request.id, outcomes: commitBatch(request.batch) };
      case 'pragma':
        return { kind: 'pragma', id: request.id, value: db.pragma(request.pragma) };
      case 'close':
        db.close();
        return { kind: 'done', id: request.id };
    }
  } catch (error) {
    const { message, code } = error as { message?: unknown; code?: unknown };
    return {
      kind: 'failed',
      id: request.id,
      error: {
        message: String(message ?? error),
        ...(typeof code === 'string' ? { code } : {}),
      },
    };
  }
}
