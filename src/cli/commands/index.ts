import type { CliCommand } from '../cliCommand.js';
import { exportCommand } from './exportCommand.js';
import { rebuildCommand } from './rebuildCommand.js';
import { replayQuarantineCommand } from './replayQuarantineCommand.js';
import { startCommand } from './startCommand.js';
import { verifyCommand } from './verifyCommand.js';

/** Every `payledger` subcommand, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  startCommand,
  rebuildCommand,
  replayQuarantineCommand,
  verifyCommand,
  exportCommand,
];
