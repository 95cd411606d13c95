import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * Starts `module`, a sibling of the calling file (`import.meta.url`, named without extension), as
 * a worker thread: its `.js` from the build, or its `.ts` when payledger runs from its sources.
 */
export function startThreadModule(
  caller: string,
  module: string,
  workerData: unknown,
  resourceLimits?: ResourceLimits,
): Worker {
  const limits = resourceLimits ? { resourceLimits } : {};
  if (extname(fileURLToPath(caller)) !== '.ts') {
    return new Worker(new URL(`./${module}.js`, caller), { workerData, ...limits });
  }
  // Running from the TypeScript sources (tests, tsx): Node 20 does not apply `--import tsx/esm`
  // to worker threads, so the thread registers tsx itself; its require hook starts in half the
  // time of its ESM loader (≈ 100 vs 200 ms), which every test opening a store pays. The module
  // is then loaded as CommonJS: a thread module has no top-level await.
  const tsx = fileURLToPath(import.meta.resolve('tsx/cjs/api'));
  const entry = fileURLToPath(new URL(`./${module}.ts`, caller));
  return new Worker(
    `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(entry)});`,
    { eval: true, workerData, ...limits },
  );
}
