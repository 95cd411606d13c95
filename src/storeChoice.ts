import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config/config.js';
import { ConfigError } from './config/configError.js';
import type { EventStore } from './eventStore/eventStore.js';
import type { createEventStoreDbEventStore } from './eventStore/eventStoreDb/eventStoreDbEventStore.js';
import type { createSqliteEventStore } from './eventStore/sqlite/sqliteEventStore.js';
import type { Logger } from './observability/logger.js';
import { silentLogger } from './observability/logger.js';
import type { createMongoReadModelStore } from './readModels/mongodb/mongoReadModelStore.js';
import type { ReadModelStore } from './readModels/readModelStore.js';
import type { createSqliteReadModelStore } from './readModels/sqlite/sqliteReadModelStore.js';

/**
 * The adapters' constructors. One that the configuration does not choose may be missing: a
 * thread that loads only the adapters it uses (see `openStoresLazily`) spares the memory of the
 * others' drivers.
 */
export interface StoreAdapters {
  readonly createEventStoreDbEventStore?: typeof createEventStoreDbEventStore;
  readonly createSqliteEventStore?: typeof createSqliteEventStore;
  readonly createMongoReadModelStore?: typeof createMongoReadModelStore;
  readonly createSqliteReadModelStore?: typeof createSqliteReadModelStore;
}

function need<T>(adapter: T | undefined, name: string): T {
  if (!adapter) throw new Error(`${name} was chosen but not loaded`);
  return adapter;
}

export function sqliteFile(dataDir: string): string {
  return join(dataDir, 'payledger.sqlite');
}

export interface OpenedEventStore {
  readonly eventStore: EventStore;
  /** Where the log is, for messages: the SQLite file, or the EventStoreDB connection (redacted). */
  readonly location: string;
  /** Payment events in the log, when the adapter can count them cheaply (for a progress bar). */
  readonly countPaymentEvents: () => number | undefined;
  close(): Promise<void>;
}

export interface Stores extends OpenedEventStore {
  readonly readModels: ReadModelStore;
}

/** What choosing and opening the stores reads of the configuration. */
export type StoresConfig = Pick<Config, 'dataDir' | 'eventStoreUrl' | 'mongodbUrl' | 'mongodbDb'>;

export interface OpenOptions {
  readonly logger?: Logger;
  /**
   * The embedded log is only read here (the projection thread; the service's main thread writes
   * it): no second writer thread, and appends are noticed by polling this often, in ms.
   */
  readonly readLogEveryMs?: number;
  /**
   * The embedded file must exist already (every command but `start`): a mistyped `DATA_DIR`
   * must not quietly become a new, empty log that a check then finds intact.
   */
  readonly requireExistingLog?: boolean;
}

/** The event store as the configuration chooses it (EVENTSTORE_URL set or not). */
export function openEventStoreWith(
  adapters: StoreAdapters,
  config: StoresConfig,
  options: OpenOptions = {},
): OpenedEventStore {
  const logger = options.logger ?? silentLogger;
  if (config.eventStoreUrl) {
    const connection = redactCredentials(config.eventStoreUrl);
    logger.info('event store: EventStoreDB', { connection });
    const eventStore = need(
      adapters.createEventStoreDbEventStore,
      'EventStoreDB',
    )({
      connectionString: config.eventStoreUrl,
      onSubscriptionDrop: (error) => {
        logger.warn('event store subscription dropped; resubscribing', { error: error.message });
      },
    });
    return {
      eventStore,
      location: `EventStoreDB at ${connection}`,
      countPaymentEvents: () => undefined,
      close: () => eventStore.close(),
    };
  }
  const file = sqliteFile(config.dataDir);
  if (options.requireExistingLog) requireFile(file);
  logger.info('event store: embedded SQLite', { file });
  const sqlite = need(
    adapters.createSqliteEventStore,
    'the embedded event store',
  )(
    options.readLogEveryMs === undefined
      ? { file }
      : { file, readOnly: true, pollIntervalMs: options.readLogEveryMs },
  );
  return {
    eventStore: sqlite,
    location: file,
    countPaymentEvents: () => {
      const row = sqlite.database
        .prepare("SELECT count(*) AS n FROM events WHERE substr(stream_name, 1, 8) = 'payment-'")
        .get() as { n: number };
      return row.n;
    },
    close: () => sqlite.close(),
  };
}

/**
 * The one place adapters are chosen from the configuration (EVENTSTORE_URL and MONGODB_URL set or
 * not), shared by `openStores` (every adapter loaded) and `openStoresLazily`.
 */
export function openStoresWith(
  adapters: StoreAdapters,
  config: StoresConfig,
  options: OpenOptions = {},
): Stores {
  const logger = options.logger ?? silentLogger;
  const events = openEventStoreWith(adapters, config, options);
  let readModels: ReadModelStore;
  if (config.mongodbUrl) {
    logger.info('read models: MongoDB', {
      connection: redactCredentials(config.mongodbUrl),
      database: config.mongodbDb,
    });
    readModels = need(
      adapters.createMongoReadModelStore,
      'MongoDB',
    )({
      url: config.mongodbUrl,
      databaseName: config.mongodbDb,
    });
  } else {
    logger.info('read models: embedded SQLite', { file: sqliteFile(config.dataDir) });
    readModels = need(
      adapters.createSqliteReadModelStore,
      'the embedded read models',
    )({ file: sqliteFile(config.dataDir) });
  }
  return {
    ...events,
    readModels,
    async close() {
      await readModels.close();
      await events.close();
    },
  };
}

function requireFile(file: string): void {
  let isFile = false;
  try {
    isFile = statSync(file).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile)
    throw new ConfigError([
      {
        variable: 'DATA_DIR',
        message: `no event store at ${file} (the file does not exist); set DATA_DIR to the service's data directory, or EVENTSTORE_URL`,
      },
    ]);
}

/** Connection strings may carry a user and password; logs never do. */
export function redactCredentials(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
