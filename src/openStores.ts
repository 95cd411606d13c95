import { createEventStoreDbEventStore } from './eventStore/eventStoreDb/eventStoreDbEventStore.js';
import { createSqliteEventStore } from './eventStore/sqlite/sqliteEventStore.js';
import { createMongoReadModelStore } from './readModels/mongodb/mongoReadModelStore.js';
import { createSqliteReadModelStore } from './readModels/sqlite/sqliteReadModelStore.js';
import {
  openEventStoreWith,
  openStoresWith,
  type OpenedEventStore,
  type OpenOptions,
  type Stores,
  type StoresConfig,
} from './storeChoice.js';

export {
  redactCredentials,
  sqliteFile,
  type OpenedEventStore,
  type OpenOptions,
  type Stores,
  type StoresConfig,
} from './storeChoice.js';

const ALL_ADAPTERS = {
  createEventStoreDbEventStore,
  createSqliteEventStore,
  createMongoReadModelStore,
  createSqliteReadModelStore,
};

/**
 * The event store as the configuration chooses it (EVENTSTORE_URL set or not): what the
 * read-only commands (`verify`, `export`) open, without touching the read models.
 */
export function openEventStore(config: StoresConfig, options: OpenOptions = {}): OpenedEventStore {
  return openEventStoreWith(ALL_ADAPTERS, config, options);
}

/**
 * The one place adapters are chosen from the configuration (EVENTSTORE_URL and MONGODB_URL set or
 * not), shared by the service and every `payledger` command.
 */
export function openStores(config: StoresConfig, options: OpenOptions = {}): Stores {
  return openStoresWith(ALL_ADAPTERS, config, options);
}
