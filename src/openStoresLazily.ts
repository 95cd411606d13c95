import { openStoresWith, type OpenOptions, type Stores, type StoresConfig } from './storeChoice.js';

/**
 * `openStores`, loading only the adapters the configuration chooses: each driver (MongoDB's,
 * EventStoreDB's gRPC client) costs a thread that loads it some 10–15 MiB of memory, so the
 * projection thread loads only what it uses.
 */
export async function openStoresLazily(
  config: StoresConfig,
  options: OpenOptions = {},
): Promise<Stores> {
  const [eventStore, readModels] = await Promise.all([
    config.eventStoreUrl
      ? import('./eventStore/eventStoreDb/eventStoreDbEventStore.js')
      : import('./eventStore/sqlite/sqliteEventStore.js'),
    config.mongodbUrl
      ? import('./readModels/mongodb/mongoReadModelStore.js')
      : import('./readModels/sqlite/sqliteReadModelStore.js'),
  ]);
  return openStoresWith({ ...eventStore, ...readModels }, config, options);
}
