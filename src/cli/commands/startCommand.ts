import { ConfigError } from '../../config/configError.js';
import { loadConfig } from '../../config/loadConfig.js';
import { RESTART_VARIABLES } from '../../config/secretChanges.js';
import { readSecretFiles } from '../../config/secretFiles.js';
import { createLogger, type Logger } from '../../observability/logger.js';
import { startService, type Service } from '../../service.js';
import { EXIT, type CliCommand, type CliIo } from '../cliCommand.js';
import { parseCommandArgs } from '../runCli.js';

export const startCommand: CliCommand = {
  name: 'start',
  summary: 'run the service (the same as `npm start`)',
  help: `Usage: payledger start

Runs the HTTP service: webhook ingest, the query API and, unless PROJECTIONS_ENABLED=false, the
projections. Configured by environment variables only (see the README); every secret may be
given as a file instead (<NAME>_FILE). SIGHUP re-reads the secrets and API keys (and their
files) and swaps them in without a restart, logging which variables changed. Stops cleanly on
SIGTERM or SIGINT.

Exit codes: 0 stopped by a signal, 2 invalid configuration or a store that cannot be opened.`,

  async run(args, io) {
    parseCommandArgs(args, {});
    const config = loadConfig(readSecretFiles(io.env));
    const logger = createLogger(config.logLevel, (line) => io.out.write(line));
    const service = await startService(config, logger);
    const onHangup = () => {
      reloadSecrets(service, io, logger);
    };
    process.on('SIGHUP', onHangup);
    try {
      await new Promise<void>((resolve) => {
        if (io.signal.aborted) resolve();
        io.signal.addEventListener('abort', () => {
          resolve();
        });
      });
    } finally {
      process.off('SIGHUP', onHangup);
    }
    logger.info('shutting down', { signal: String(io.signal.reason) });
    await service.close();
    return EXIT.ok;
  },
};

/** SIGHUP: the secrets as they are now, swapped in whole, or (if any is invalid) not at all. */
function reloadSecrets(service: Service, io: CliIo, logger: Logger): void {
  try {
    const changed = service.reloadSecrets(loadConfig(readSecretFiles(io.env)));
    const needRestart = changed.filter((name) => RESTART_VARIABLES.includes(name));
    logger.info('SIGHUP: secrets and API keys reloaded', {
      changed: changed.filter((name) => !RESTART_VARIABLES.includes(name)),
      ...(needRestart.length > 0 ? { changedButNeedRestart: needRestart } : {}),
    });
  } catch (error) {
    logger.error('SIGHUP: configuration not reloaded; the current secrets stay in use', {
      problems:
        error instanceof ConfigError
          ? error.problems.map((problem) => `${problem.variable}: ${problem.message}`)
          : [error instanceof Error ? error.message : String(error)],
    });
  }
}
