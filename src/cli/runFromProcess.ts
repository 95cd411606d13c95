import { EXIT } from './cliCommand.js';
import { listenForHangups, type Hangups } from './hangups.js';
import { runCli } from './runCli.js';

/**
 * Runs a `payledger` command in this process: SIGINT / SIGTERM abort it (a second one exits at
 * once), SIGHUP goes to `hangups` (listened for by the entry point before the program loaded),
 * and the process ends with the command's exit code even if a driver left a handle open.
 */
export async function runFromProcess(
  argv: readonly string[],
  hangups: Hangups = listenForHangups(),
): Promise<void> {
  const controller = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (controller.signal.aborted) process.exit(EXIT.interrupted);
      controller.abort(signal);
    });
  }
  const code = await runCli(argv, {
    out: process.stdout,
    err: process.stderr,
    env: process.env,
    signal: controller.signal,
    hangups,
  });
  process.exitCode = code;
  setTimeout(() => process.exit(code), 2000).unref();
}
