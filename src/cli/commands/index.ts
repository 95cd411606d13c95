import type { CliCommand } from '../cliCommand.js';
import { rebuildCommand } from './rebuildCommand.js';
import { replayQuarantineCommand } from './replayQuarantineCommand.js';
import { startCommand } from './startCommand.js';

/** Every `payledger` subcommand, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  startCommand,
  rebuildCommand,
  replayQuarantineCommand,
];
