import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** Starts one of this folder's thread modules (`writerThread`, `checkpointThread`). */
export function startSqliteThread(module: string, workerData: unknown): Worker {
  if (extname(fileURLToPath(import.meta.url)) !== '.ts') {
    return new Worker(new URL(`./${module}.js`, import.meta.url), { workerData });
  }
  // Running from the TypeScript sources (tests, tsx): Node 20 does not apply `--import tsx/esm`
  // to worker threads, so the thread registers tsx itself; its require hook starts in half the
  // time of its ESM loader (≈ 100 vs 200 ms), which every test opening a store pays.
  const tsx = fileURLToPath(import.meta.resolve('tsx/cjs/api'));
  const entry = fileURLToPath(new URL(`./${module}.ts`, import.meta.url));
  return new Worker(
    `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(entry)});`,
    { eval: true, workerData },
  );
}
