import { rebuildProjections } from '../../../projections/rebuild/rebuildProjections.js';
import { createLogger } from '../../observability/logger.js';
import { openStores } from '../../openStores.js';
import { PAYMENT_STREAM_PREFIX } from '../../domain/paymentStream.js';
import { projectionOptionsFrom } from '../../projectionOptions.js';
import { CliUnusableError, EXIT, type CliCommand } from '../cliCommand.js';
import { createProgressReporter } from '../progressBar.js';
import { configFromEnvironment } from '../configFromEnvironment.js';
import { parseCommandArgs } from '../runCli.js';

export const rebuildCommand: CliCommand = {
  name: 'rebuild',
  summary: 'rebuild the read models from the whole log beside the live ones, then swap',
  help: `Usage: payledger rebuild [--allow-empty]

Rebuilds every projection (payments, orders, daily_totals, parked_payments) from the whole event
log into fresh tables or collections beside the live ones (<name>__rebuild_<n>) and swaps them in
under the stable names once caught up. Safe while the service runs: readers keep answering from
the live ones, and the service continues each from its rebuild's checkpoint. On MongoDB the
running service swaps them in between two of its batches; with no service running, this command
does it itself after 15 s. Uses the same configuration as the service (DATA_DIR, EVENTSTORE_URL,
MONGODB_URL, or their _FILE forms); the embedded file must exist. Progress goes to stderr (a bar
on a terminal, a
line every few seconds otherwise); the summary line to stdout.

  --allow-empty   rebuild even from a log without payment events (which would swap in empty
                  read models); refused otherwise, since that is what a wrong EVENTSTORE_URL
                  looks like

Exit codes: 0 rebuilt and swapped in, 1 failed, 2 usage, configuration or store error, or an
empty log without --allow-empty.`,

  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      'allow-empty': { type: 'boolean', default: false },
    });
    const { config } = configFromEnvironment(io.env);
    const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, (line) =>
      io.err.write(line),
    );
    const stores = openStores(config, { requireExistingLog: true });
    try {
      const [first] = await stores.eventStore.readAll({
        maxCount: 1,
        streamPrefixes: [PAYMENT_STREAM_PREFIX],
      });
      if (!first && !values['allow-empty'])
        throw new CliUnusableError(
          `no payment events in ${stores.location}: a rebuild would swap in empty read models; if that log is the service's and is empty, pass --allow-empty`,
        );
      const total = stores.countPaymentEvents();
      const progress = createProgressReporter(io.err);
      const { definitions, settings } = projectionOptionsFrom(config);
      const result = await rebuildProjections({
        eventStore: stores.eventStore,
        store: stores.readModels,
        definitions,
        settings,
        logger,
        onProgress: ({ events, elapsedSeconds }) => {
          progress.update(events, total, elapsedSeconds);
        },
      });
      progress.done();
      io.out.write(
        `${Object.entries(result.generations)
          .map(([name, generation]) => `${name} (generation ${generation})`)
          .join(
            ', ',
          )} rebuilt and swapped in: ${result.events.toLocaleString('en-US')} events in ${result.seconds.toFixed(1)} s (${result.eventsPerSecond.toLocaleString('en-US')} events/s)\n`,
      );
      return EXIT.ok;
    } finally {
      await stores.close();
    }
  },
};
