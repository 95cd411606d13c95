import type { Hangups } from './hangups.js';

/** Exit codes shared by every `payledger` command (the README lists them). */
export const EXIT = {
  /** Done; for `verify`, the log is intact. */
  ok: 0,
  /** The command ran and the answer is no: `verify` found a break, a rebuild was refused. */
  failed: 1,
  /** It could not run: bad arguments, bad configuration, or a store it cannot reach. */
  unusable: 2,
  /** Stopped by SIGINT or SIGTERM before it finished. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Where a command writes: results to `out`, progress and errors to `err`. */
export interface CliIo {
  readonly out: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly err: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborted on SIGINT / SIGTERM; long-running commands stop cleanly when it fires. */
  readonly signal: AbortSignal;
  /** SIGHUPs since the process began, for a command that reloads on them (`start`). */
  readonly hangups?: Hangups;
}

export interface CliCommand {
  readonly name: string;
  /** One line for `payledger --help`. */
  readonly summary: string;
  /** The whole `payledger <name> --help` text: synopsis, options, exit codes. */
  readonly help: string;
  /** SIGHUP asks it to reload; any other command ends on SIGHUP, as a process does by default. */
  readonly reloadsOnHangup?: boolean;
  run(args: readonly string[], io: CliIo): Promise<ExitCode>;
}

/** Bad arguments: printed as one line with a pointer to `--help`, exit 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

/**
 * The command could not do its work although the arguments were fine (nothing to check, a file
 * it cannot read): printed as one line, exit 2.
 */
export class CliUnusableError extends Error {
  override readonly name = 'CliUnusableError';
}

/** A refusal or failure the user can act on: printed as one line, exit 1. */
export class CliFailure extends Error {
  override readonly name = 'CliFailure';
}
