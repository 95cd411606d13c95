import type { Config } from '../../config/config.js';
import { ConfigError } from '../../config/configError.js';
import {
  credentialsFileIsPrivate,
  type CredentialsOutcome,
} from '../../config/firstRunCredentials.js';
import { RESTART_VARIABLES } from '../../config/secretChanges.js';
import { createLogger, type Logger } from '../../observability/logger.js';
import { startService, type Service } from '../../service.js';
import { EXIT, type CliCommand, type CliIo } from '../cliCommand.js';
import { configFromEnvironment } from '../configFromEnvironment.js';
import { firstRunBanner } from '../firstRunBanner.js';
import { listenForHangups } from '../hangups.js';
import { parseCommandArgs } from '../runCli.js';

export const startCommand: CliCommand = {
  name: 'start',
  summary: 'run the service (the same as `npm start`)',
  help: `Usage: payledger start

Runs the HTTP service: webhook ingest, the query API and, unless PROJECTIONS_ENABLED=false, the
projections, on whichever instance holds the projection lease (start several on the same stores:
one runs them, the others stand by and take over within about 15 s if it dies; /readyz says who
holds it). PROJECTIONS_EXTRA=./a.js,./b.js keeps your own projection modules up to date too.
Configured by environment variables only (see the README); every secret may be
given as a file instead (<NAME>_FILE). On a first run with the embedded store and neither
GENERIC_WEBHOOK_SECRET nor API_KEYS set (and NODE_ENV not production), it generates a webhook
secret and one token per role into DATA_DIR/credentials.json and prints them once. SIGHUP re-reads the secrets and API keys (and their
files) and swaps them in without a restart, logging which variables changed. Stops cleanly on
SIGTERM or SIGINT.

Exit codes: 0 stopped by a signal, 2 invalid configuration or a store that cannot be opened.`,

  reloadsOnHangup: true,

  async run(args, io) {
    parseCommandArgs(args, {});
    // A SIGHUP from here until the service is up is kept, and acted on once it is.
    const hangups = io.hangups ?? listenForHangups();
    const { config, credentials } = configFromEnvironment(io.env, { generateCredentials: true });
    const logger = createLogger(config.logLevel, (line) => io.out.write(line));
    if (credentials.generated)
      io.err.write(firstRunBanner(credentials.file, credentials.generated));
    reportConfiguration(config, credentials, io, logger);
    const service = await startService(config, logger);
    const stopListening = hangups.subscribe(() => {
      reloadSecrets(service, io, logger);
    });
    try {
      await new Promise<void>((resolve) => {
        if (io.signal.aborted) resolve();
        io.signal.addEventListener('abort', () => {
          resolve();
        });
      });
    } finally {
      stopListening();
    }
    logger.info('shutting down', { signal: String(io.signal.reason) });
    await service.close();
    return EXIT.ok;
  },
};

/** SIGHUP: the secrets as they are now, swapped in whole, or (if any is invalid) not at all. */
function reloadSecrets(service: Service, io: CliIo, logger: Logger): void {
  try {
    const changed = service.reloadSecrets(configFromEnvironment(io.env).config);
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

/** Says at start what is missing (never a value), so a strict start explains its 404s and 401s. */
function reportConfiguration(
  config: Config,
  credentials: CredentialsOutcome,
  io: CliIo,
  logger: Logger,
): void {
  if (credentials.generated)
    logger.info('first run: credentials generated', { file: credentials.file });
  else if (credentials.used.length > 0)
    logger.info('using first-run credentials', {
      file: credentials.file,
      variables: credentials.used,
    });
  if (credentials.used.length > 0 && !credentialsFileIsPrivate(io.env))
    logger.warn('the credentials file is readable by others; run chmod 600 on it', {
      file: credentials.file,
    });
  const gateways = [
    ...(config.secrets.stripe.length > 0 ? ['stripe'] : []),
    ...(config.secrets.razorpay.length > 0 ? ['razorpay'] : []),
    ...(config.ippopay ? ['ippopay'] : []),
    ...(config.secrets.generic.length > 0 ? ['generic'] : []),
  ];
  if (gateways.length === 0)
    logger.warn('no gateway is configured: every webhook answers 404 gateway_not_configured', {
      missing: [
        'STRIPE_WEBHOOK_SECRET',
        'RAZORPAY_WEBHOOK_SECRET',
        'GENERIC_WEBHOOK_SECRET',
        'IPPOPAY_PUBLIC_KEY and IPPOPAY_SECRET_KEY',
      ],
      hint: 'set at least one (or its _FILE form)',
    });
  else logger.info('gateways configured', { gateways });
  if (config.apiKeys.length === 0)
    logger.warn('API_KEYS is not set: every read answers 401 unauthorized', {
      missing: ['API_KEYS'],
    });
}
