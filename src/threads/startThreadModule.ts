import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

export interface ThreadModuleOptions {
  readonly resourceLimits?: ResourceLimits;
  /**
   * The module loads modules with `import()` (adapters chosen at run time, analysts' projection
   * modules): from the sources, the thread then registers tsx's ESM loader (≈ 100 ms more).
   */
  readonly dynamicImports?: boolean;
}

/**
 * Starts `module`, a sibling of the calling file (`import.meta.url`, named without extension), as
 * a worker thread: its `.js` from the build, or its `.ts` when payledger runs from its sources.
 */
export function startThreadModule(
  caller: string,
  module: string,
  workerData: unknown,
  options: ThreadModuleOptions = {},
): Worker {
  const limits = options.resourceLimits ? { resourceLimits: options.resourceLimits } : {};
  if (extname(fileURLToPath(caller)) !== '.ts') {
    return new Worker(new URL(`./${module}.js`, caller), { workerData, ...limits });
  }
  // Running from the TypeScript sources (tests, tsx): Node 20 does not apply `--import tsx/esm`
  // to worker threads, so the thread registers tsx itself. Its require hook starts in half the
  // time of its ESM loader (≈ 100 vs 200 ms), which every test opening a store pays; the module is
  // then loaded as CommonJS (no top-level await). `import()` needs the ESM loader.
  const entry = new URL(`./${module}.ts`, caller);
  if (options.dynamicImports) {
    const tsx = import.meta.resolve('tsx/esm/api');
    const code = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(entry.href)});`;
    return new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), {
      workerData,
      ...limits,
    });
  }
  const tsx = fileURLToPath(import.meta.resolve('tsx/cjs/api'));
  return new Worker(
    `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(fileURLToPath(entry))});`,
    { eval: true, workerData, ...limits },
  );
}
