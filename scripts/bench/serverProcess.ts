import { spawn } from 'node:child_process';
import { open, readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  /** Resident memory now and its peak (VmRSS, VmHWM), in MiB. */
  memory(): Promise<{ readonly rssMiB: number; readonly peakMiB: number }>;
  /**
   * CPU seconds (user + system) used so far by the whole process and by its main thread alone,
   * the one running the event loop.
   */
  cpuSeconds(): Promise<{ readonly process: number; readonly mainThread: number }>;
  stop(): Promise<void>;
}

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * A server under test as its own OS process, so the load generator and the server compete for the
 * cores the way they would on separate machines sharing one. Its stdout goes to a file (as to a log
 * collector in production), so the benchmark never spends CPU draining a pipe; the URL is read from
 * the JSON `listening` line there.
 */
export async function startServerProcess(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  logFile: string,
): Promise<ServerProcess> {
  const log = await open(logFile, 'w');
  const child = spawn(process.execPath, args, {
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', log.fd, 'inherit'],
  });
  await log.close();
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${args.join(' ')}`);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );

  const url = await waitForListening(logFile, () => exited);
  const status = async (field: string) => {
    const text = await readFile(`/proc/${pid}/status`, 'utf8');
    const kib = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1];
    return Number(kib) / 1024;
  };
  return {
    url,
    pid,
    async memory() {
      return { rssMiB: await status('VmRSS'), peakMiB: await status('VmHWM') };
    },
    async cpuSeconds() {
      return {
        process: await cpuSecondsIn(`/proc/${pid}/stat`),
        mainThread: await cpuSecondsIn(`/proc/${pid}/task/${pid}/stat`),
      };
    },
    async stop() {
      if (!exited) child.kill('SIGTERM');
      await exit;
    },
  };
}

/** utime + stime of a /proc stat file. */
async function cpuSecondsIn(statFile: string): Promise<number> {
  const stat = await readFile(statFile, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

async function waitForListening(logFile: string, hasExited: () => boolean): Promise<string> {
  for (let waited = 0; waited < 30_000; waited += 50) {
    const text = await readFile(logFile, 'utf8');
    // The last piece may be a line still being written.
    for (const line of text.split('\n').slice(0, -1)) {
      if (!line.startsWith('{')) continue;
      const entry = JSON.parse(line) as { message?: string; url?: string };
      if (entry.message === 'listening' && entry.url) return entry.url;
    }
    if (hasExited()) throw new Error(`server exited before listening; see ${logFile}`);
    await sleep(50);
  }
  throw new Error(`server did not log "listening" within 30 s; see ${logFile}`);
}
