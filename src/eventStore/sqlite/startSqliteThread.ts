import type { Worker } from 'node:worker_threads';
import { startThreadModule } from '../../threads/startThreadModule.js';

/** Starts one of this folder's thread modules (`writerThread`, `checkpointThread`). */
export function startSqliteThread(module: string, workerData: unknown): Worker {
  return startThreadModule(import.meta.url, module, workerData);
}
