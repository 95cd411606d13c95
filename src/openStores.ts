import { join } from 'node:path';
import type { Config } from './config/config.js';
import type { EventStore } from './eventStore/eventStore.js';
import { createEventStoreDbEventStore } from './eventStore/eventStoreDb/eventStoreDbEventStore.js';
import { createSqliteEventStore } from './eventStore/sqlite/sqliteEventStore.js';
import type { Logger } from './observability/logger.js';
import { silentLogger } from './observability/logger.js';
import { createMongoReadModelStore } from './readModels/mongodb/mongoReadModelStore.js';
import type { ReadModelStore } from './readModels/readModelStore.js';
import { createSqliteReadModelStore } from './readModels/sqlite/sqliteReadModelStore.js';

export function sqliteFile(dataDir: string): string {
  return join(dataDir, 'payledger.sqlite');
}

export interface Stores {
  readonly eventStore: EventStore;
  readonly readModels: ReadModelStore;
  /** Payment events in the log, when the adapter can count them cheaply (for a progress bar). */
  readonly countPaymentEvents: () => number | undefined;
  close(): Promise<void>;
}

/**
 * The one place adapters are chosen from the configuration (EVENTSTORE_URL and MONGODB_URL set or
 * not), shared by the service and every `payledger` command.
 */
export function openStores(config: Config, logger: Logger = silentLogger): Stores {
  const sqlite = config.eventStoreUrl
    ? undefined
    : createSqliteEventStore({ file: sqliteFile(config.dataDir) });
  if (sqlite) logger.info('event store: embedded SQLite', { file: sqliteFile(config.dataDir) });
  else
    logger.info('event store: EventStoreDB', {
      connection: redactCredentials(config.eventStoreUrl ?? ''),
    });
  const eventStore: EventStore =
    sqlite ??
    createEventStoreDbEventStore({
      connectionString: config.eventStoreUrl ?? '',
      onSubscriptionDrop: (error) => {
        logger.warn('event store subscription dropped; resubscribing', { error: error.message });
      },
    });
  let readModels: ReadModelStore;
  if (config.mongodbUrl) {
    logger.info('read models: MongoDB', {
      connection: redactCredentials(config.mongodbUrl),
      database: config.mongodbDb,
    });
    readModels = createMongoReadModelStore({
      url: config.mongodbUrl,
      databaseName: config.mongodbDb,
    });
  } else {
    logger.info('read models: embedded SQLite', { file: sqliteFile(config.dataDir) });
    readModels = createSqliteReadModelStore({ file: sqliteFile(config.dataDir) });
  }
  return {
    eventStore,
    readModels,
    countPaymentEvents: () => {
      if (!sqlite) return undefined;
      const row = sqlite.database
        .prepare("SELECT count(*) AS n FROM events WHERE substr(stream_name, 1, 8) = 'payment-'")
        .get() as { n: number };
      return row.n;
    },
    async close() {
      await readModels.close();
      await eventStore.close();
    },
  };
}

/** Connection strings may carry a user and password; logs never do. */
export function redactCredentials(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
