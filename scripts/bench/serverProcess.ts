import { spawn } from 'node:child_process';
import { open, readFile, readdir } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  /** Resident memory now and its peak (VmRSS, VmHWM), in MiB. */
  memory(): Promise<{ readonly rssMiB: number; readonly peakMiB: number }>;
  /** CPU seconds (user + system) used so far by the whole process and by its threads. */
  cpuSeconds(): Promise<CpuSeconds>;
  stop(): Promise<void>;
}

export interface CpuSeconds {
  /** All threads, including those that have exited. */
  readonly process: number;
  /** The thread running the event loop. */
  readonly mainThread: number;
  /**
   * Threads that name themselves (payledger's SQLite writer and checkpoint threads do), by name;
   * the rest (V8's GC and compiler helpers, libuv's pool) are `process` less these and `mainThread`.
   */
  readonly named: Readonly<Record<string, number>>;
}

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * A server under test as its own OS process, so the load generator and the server compete for the
 * cores the way they would on separate machines sharing one. Its stdout goes to a file (as to a log
 * collector in production), so the benchmark never spends CPU draining a pipe. It gets a free port
 * chosen here and is ready once that port accepts connections (whatever its log level).
 */
export async function startServerProcess(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  logFile: string,
): Promise<ServerProcess> {
  const port = await freePort();
  const log = await open(logFile, 'w');
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
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
  const stop = async () => {
    if (!exited) child.kill('SIGTERM');
    await exit;
  };

  try {
    await waitForPort(port, () => exited);
  } catch (error) {
    await stop();
    throw new Error(`${args.join(' ')} did not start; see ${logFile}`, { cause: error });
  }
  const status = async (field: string) => {
    const text = await readFile(`/proc/${pid}/status`, 'utf8');
    const kib = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1];
    return Number(kib) / 1024;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    pid,
    async memory() {
      return { rssMiB: await status('VmRSS'), peakMiB: await status('VmHWM') };
    },
    async cpuSeconds() {
      const named: Record<string, number> = {};
      let mainThread = 0;
      for (const tid of await readdir(`/proc/${pid}/task`).catch(() => [])) {
        const thread = await threadCpu(`/proc/${pid}/task/${tid}`);
        if (!thread) continue;
        if (tid === String(pid)) mainThread = thread.seconds;
        else if (thread.name !== 'node')
          named[thread.name] = (named[thread.name] ?? 0) + thread.seconds;
      }
      return { process: await cpuSecondsIn(`/proc/${pid}/stat`), mainThread, named };
    },
    stop,
  };
}

/** A thread's name and CPU seconds, or undefined if it has just exited. */
async function threadCpu(
  taskDir: string,
): Promise<{ readonly name: string; readonly seconds: number } | undefined> {
  try {
    const [name, seconds] = await Promise.all([
      readFile(`${taskDir}/comm`, 'utf8'),
      cpuSecondsIn(`${taskDir}/stat`),
    ]);
    return { name: name.trim(), seconds };
  } catch {
    return undefined;
  }
}

/** utime + stime of a /proc stat file. */
async function cpuSecondsIn(statFile: string): Promise<number> {
  const stat = await readFile(statFile, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

async function waitForPort(port: number, hasExited: () => boolean): Promise<void> {
  for (let waited = 0; waited < 30_000; waited += 50) {
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => {
        resolve(false);
      });
    });
    if (accepted) return;
    if (hasExited()) throw new Error('exited before listening');
    await sleep(50);
  }
  throw new Error('not listening after 30 s');
}
