import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from '../config/configError.js';
import { AppError } from '../errors/appError.js';
import {
  CliFailure,
  CliUnusableError,
  CliUsageError,
  EXIT,
  type CliCommand,
  type CliIo,
  type ExitCode,
} from './cliCommand.js';
import { COMMANDS } from './commands/index.js';

function overview(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    'Usage: payledger <command> [options]',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Run `payledger <command> --help` for its options. The stores are chosen as the service',
    'chooses them: EVENTSTORE_URL and MONGODB_URL set or not, DATA_DIR for the embedded file.',
    '',
    'Exit codes: 0 done, 1 the command ran and the answer is no, 2 it could not run (usage,',
    'configuration, unreachable store), 130 interrupted.',
    '',
  ].join('\n');
}

/**
 * Runs one `payledger` command and returns its exit code. Every failure becomes one line on
 * stderr (never a stack trace): usage and configuration errors, unreachable stores and refusals.
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  commands: readonly CliCommand[] = COMMANDS,
): Promise<ExitCode> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out.write(overview(commands));
    return name === undefined ? EXIT.unusable : EXIT.ok;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    io.err.write(`payledger: unknown command "${name}"; run \`payledger --help\` for the list\n`);
    return EXIT.unusable;
  }
  if (!command.reloadsOnHangup) io.hangups?.release();
  if (args.includes('--help') || args.includes('-h')) {
    io.out.write(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    // Whatever a command was doing when SIGINT or SIGTERM stopped it, it was interrupted: not
    // "broken" (verify's 1), not failed.
    if (io.signal.aborted) {
      io.err.write(`payledger ${name}: interrupted\n`);
      return EXIT.interrupted;
    }
    const [code, line] = describeFailure(error);
    io.err.write(
      `payledger ${name}: ${line}${code === EXIT.unusable && error instanceof CliUsageError ? `; run \`payledger ${name} --help\`` : ''}\n`,
    );
    return code;
  }
}

function describeFailure(error: unknown): [ExitCode, string] {
  if (error instanceof CliUsageError || error instanceof CliUnusableError)
    return [EXIT.unusable, error.message];
  if (error instanceof ConfigError) {
    const problems = error.problems.map((problem) => `${problem.variable}: ${problem.message}`);
    return [EXIT.unusable, `invalid configuration: ${problems.join('; ')}`];
  }
  if (error instanceof CliFailure) return [EXIT.failed, error.message];
  if (error instanceof AppError) return [EXIT.unusable, `${error.message} (${error.code})`];
  if (
    error instanceof TypeError &&
    'code' in error &&
    String(error.code).startsWith('ERR_PARSE_ARGS')
  ) {
    return [EXIT.unusable, error.message];
  }
  // A file or socket the command could not use (EISDIR, EACCES, ENOSPC…): it could not run.
  if (error instanceof Error && 'code' in error && /^E[A-Z]+$/.test(String(error.code))) {
    return [EXIT.unusable, error.message];
  }
  return [EXIT.failed, error instanceof Error ? error.message : String(error)];
}

/** `node:util` parseArgs with strict options; its errors become usage errors. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  args: readonly string[],
  options: T,
) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
}
