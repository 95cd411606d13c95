import { writeFileSync } from 'node:fs';

/**
 * Names the calling OS thread (Linux: `/proc/thread-self/comm`, at most 15 bytes), so `top -H`,
 * `ps -L` and the benchmarks can tell payledger's threads apart; every thread is `node`
 * otherwise. Best effort: elsewhere, or where /proc is not writable, the name stays as it was.
 */
export function nameThread(name: string): void {
  if (process.platform !== 'linux') return;
  try {
    writeFileSync('/proc/thread-self/comm', name.slice(0, 15));
  } catch {
    // Not worth failing a thread over.
  }
}
