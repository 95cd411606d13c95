import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

export type LogEntry = Readonly<Record<string, unknown>> & { readonly message?: string };

export interface ServiceProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
  /** Every stdout line so far, as written (JSON log lines). */
  readonly output: string[];
  /** stderr so far, when `captureStderr` was asked for (otherwise it goes to the test's). */
  readonly errorOutput: () => string;
  /** Resolves with the first log entry (past or future) that `matches`. */
  waitForLog(matches: (entry: LogEntry) => boolean, timeoutMs?: number): Promise<LogEntry>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

const parse = (line: string): LogEntry | undefined => {
  try {
    return JSON.parse(line) as LogEntry;
  } catch {
    return undefined;
  }
};

/**
 * The service as its own OS process (`src/main.ts` through tsx), so a test can SIGKILL it the way
 * a crash or the OOM killer would. Resolves once it logs the URL it listens on. `replaceEnv`
 * starts it with exactly `env` instead of this process's environment plus `env`.
 */
export async function spawnService(
  env: Record<string, string>,
  options: {
    readonly replaceEnv?: boolean;
    readonly captureStderr?: boolean;
    /** Told the process as soon as it is spawned, long before it listens. */
    readonly onSpawn?: (child: ChildProcess) => void;
  } = {},
): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx/esm', MAIN], {
    env: options.replaceEnv ? env : { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', options.captureStderr ? 'pipe' : 'inherit'],
  });
  options.onSpawn?.(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  const output: string[] = [];
  const waiters = new Set<(entry: LogEntry) => void>();
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (line) => {
    output.push(line);
    const entry = parse(line);
    if (entry) for (const waiter of [...waiters]) waiter(entry);
  });
  function waitForLog(matches: (entry: LogEntry) => boolean, timeoutMs = 10_000) {
    const seen = output.map(parse).find((entry) => entry !== undefined && matches(entry));
    if (seen) return Promise.resolve(seen);
    return new Promise<LogEntry>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`no matching log line within ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref();
      const waiter = (entry: LogEntry) => {
        if (!matches(entry)) return;
        clearTimeout(timer);
        waiters.delete(waiter);
        resolve(entry);
      };
      waiters.add(waiter);
    });
  }
  const url = await Promise.race([
    waitForLog((entry) => entry.message === 'listening', 60_000).then((entry) =>
      String(entry['url']),
    ),
    exited.then(() => {
      throw new Error(`service exited with ${child.exitCode} before listening: ${stderr}`);
    }),
  ]);
  return {
    url,
    child,
    exited,
    output,
    errorOutput: () => stderr,
    waitForLog,
    async kill(signal) {
      child.kill(signal);
      await exited;
    },
  };
}
