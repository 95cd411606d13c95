import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

export interface ServiceProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * The service as its own OS process (`src/main.ts` through tsx), so a test can SIGKILL it the way
 * a crash or the OOM killer would. Resolves once it logs the URL it listens on.
 */
export async function spawnService(env: Record<string, string>): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx/esm', MAIN], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const entry = JSON.parse(line) as { message?: string; url?: string };
      if (entry.message === 'listening' && entry.url) resolve(entry.url);
    });
    child.once('exit', (code) => {
      reject(new Error(`service exited with ${code} before listening`));
    });
  });
  return {
    url,
    child,
    exited,
    async kill(signal) {
      child.kill(signal);
      await exited;
    },
  };
}
