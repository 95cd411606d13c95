import type { Config } from '../src/config/config.js';
import type { EventStore } from '../src/eventStore/eventStore.js';
import { createEventStoreDbEventStore } from '../src/eventStore/eventStoreDb/eventStoreDbEventStore.js';
import { createSqliteEventStore } from '../src/eventStore/sqlite/sqliteEventStore.js';
import { createMongoReadModelStore } from '../src/readModels/mongodb/mongoReadModelStore.js';
import type { ReadModelStore } from '../src/readModels/readModelStore.js';
import { createSqliteReadModelStore } from '../src/readModels/sqlite/sqliteReadModelStore.js';
import { sqliteFile } from '../src/service.js';

export interface Stores {
  readonly eventStore: EventStore;
  readonly readModels: ReadModelStore;
  /** Payment events in the log, when the adapter can count them cheaply (for a progress bar). */
  readonly countPaymentEvents: () => number | undefined;
  close(): Promise<void>;
}

/** The same adapter choice as the service: EVENTSTORE_URL and MONGODB_URL set or not. */
export function openStores(config: Config): Stores {
  const sqlite = config.eventStoreUrl
    ? undefined
    : createSqliteEventStore({ file: sqliteFile(config.dataDir) });
  const eventStore: EventStore =
    sqlite ?? createEventStoreDbEventStore({ connectionString: config.eventStoreUrl ?? '' });
  const readModels = config.mongodbUrl
    ? createMongoReadModelStore({ url: config.mongodbUrl, databaseName: config.mongodbDb })
    : createSqliteReadModelStore(sqlite?.database ?? { file: sqliteFile(config.dataDir) });
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
