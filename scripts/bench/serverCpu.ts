import type { CpuSeconds } from './serverProcess.js';

/** The server's CPU time (user + kernel) per request, in µs, over one measured window. */
export interface CpuPerRequest {
  /** All threads. */
  readonly process: number;
  /** The event loop's thread. */
  readonly mainThread: number;
  /** By thread: the named ones (`sqlite-writer`, …) and `other` (V8's helpers, libuv's pool). */
  readonly threads: Readonly<Record<string, number>>;
}

export function cpuPerRequest(
  before: CpuSeconds,
  after: CpuSeconds,
  requests: number,
): CpuPerRequest {
  const micros = (seconds: number) => (requests > 0 ? (seconds * 1e6) / requests : 0);
  const threads: Record<string, number> = {};
  let namedSeconds = 0;
  for (const [name, seconds] of Object.entries(after.named)) {
    const used = seconds - (before.named[name] ?? 0);
    namedSeconds += used;
    threads[name] = micros(used);
  }
  const processSeconds = after.process - before.process;
  const mainSeconds = after.mainThread - before.mainThread;
  // What no named thread accounts for, including threads that ended within the window.
  threads['other'] = micros(Math.max(0, processSeconds - mainSeconds - namedSeconds));
  return { process: micros(processSeconds), mainThread: micros(mainSeconds), threads };
}
