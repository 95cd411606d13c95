/**
 * Rebuilds every read model from the whole event log into fresh versioned tables/collections and
 * swaps them in once caught up. Safe while the service runs: it keeps answering from the old
 * version, then switches and continues from the rebuild's checkpoint.
 *
 *   npm run projections:rebuild      (same DATA_DIR / EVENTSTORE_URL / MONGODB_URL as the service)
 */
import { loadConfig } from '../src/config/loadConfig.js';
import { createLogger } from '../src/observability/logger.js';
import { rebuildReadModels } from '../projections/rebuildReadModels.js';
import { openStores } from './openStores.js';
import { createProgressReporter } from './progressBar.js';

const config = loadConfig(process.env);
const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, (line) =>
  process.stderr.write(line),
);
const stores = openStores(config);
try {
  const total = stores.countPaymentEvents();
  const progress = createProgressReporter(process.stderr);
  const result = await rebuildReadModels({
    eventStore: stores.eventStore,
    readModels: stores.readModels,
    logger,
    onProgress: ({ events, elapsedSeconds }) => {
      progress.update(events, total, elapsedSeconds);
    },
  });
  progress.done();
  process.stdout.write(
    `read models rebuilt into version ${result.version} and swapped in: ${result.events.toLocaleString('en-US')} events in ${result.seconds.toFixed(1)} s (${result.eventsPerSecond.toLocaleString('en-US')} events/s)\n`,
  );
} finally {
  await stores.close();
}
