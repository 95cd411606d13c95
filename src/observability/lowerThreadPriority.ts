import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

const LOWEST = 19;

/**
 * Lowers the calling OS thread's scheduling priority by `steps` nice levels (Linux: through its
 * thread id, which `setpriority` takes in place of a process id), so that work which can wait
 * yields the CPU to work that cannot. Best effort: elsewhere, or when refused, nothing changes.
 */
export function lowerThreadPriority(steps: number): void {
  if (process.platform !== 'linux') return;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
    if (!Number.isInteger(tid) || tid <= 0) return;
    setPriority(tid, Math.min(LOWEST, getPriority(tid) + steps));
  } catch {
    // Not worth failing a thread over.
  }
}
