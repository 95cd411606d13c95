import { loadConfig } from '../../config/loadConfig.js';
import { createLogger } from '../../observability/logger.js';
import { startService } from '../../service.js';
import { EXIT, type CliCommand } from '../cliCommand.js';
import { parseCommandArgs } from '../runCli.js';

export const startCommand: CliCommand = {
  name: 'start',
  summary: 'run the service (the same as `npm start`)',
  help: `Usage: payledger start

Runs the HTTP service: webhook ingest, the query API and, unless PROJECTIONS_ENABLED=false, the
projections. Configured by environment variables only (see the README). Stops cleanly on SIGTERM
or SIGINT.

Exit codes: 0 stopped by a signal, 2 invalid configuration or a store that cannot be opened.`,

  async run(args, io) {
    parseCommandArgs(args, {});
    const config = loadConfig(io.env);
    const logger = createLogger(config.logLevel, (line) => io.out.write(line));
    const service = await startService(config, logger);
    await new Promise<void>((resolve) => {
      if (io.signal.aborted) resolve();
      io.signal.addEventListener('abort', () => {
        resolve();
      });
    });
    logger.info('shutting down', { signal: String(io.signal.reason) });
    await service.close();
    return EXIT.ok;
  },
};
