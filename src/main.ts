import { loadConfig } from './config/loadConfig.js';
import { ConfigError } from './config/configError.js';
import { createLogger } from './observability/logger.js';
import { startService } from './service.js';

try {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  const service = await startService(config, logger);
  const shutdown = (signal: string) => {
    logger.info('shutting down', { signal });
    service.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', { error: String(error) });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
} catch (error) {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : String(error instanceof Error ? error.stack : error)}\n`,
  );
  process.exit(1);
}
