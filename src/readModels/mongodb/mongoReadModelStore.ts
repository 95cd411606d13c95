import {
  MongoClient,
  type CommandStartedEvent,
  type CommandSucceededEvent,
  type Db,
} from 'mongodb';
import type { ReadModelStore } from '../readModelStore.js';
import { createMongoContext } from './mongoContext.js';
import { createMongoDocumentStore } from './mongoDocumentStore.js';
import { createMongoLeases } from './mongoLeases.js';
import { createMongoQueries } from './mongoQueries.js';
import { createMongoVersions } from './mongoVersions.js';

export interface MongoReadModelStoreOptions {
  readonly url: string;
  readonly databaseName: string;
  /** Longest wait for any one operation before `store_unavailable` (default 10 s). */
  readonly deadlineMs?: number;
  /** Sees every command the driver sends (tests read the write concern; benchmarks count). */
  readonly onCommandStarted?: (event: CommandStartedEvent) => void;
  /** Sees every answer (tests count the documents a process actually wrote). */
  readonly onCommandSucceeded?: (event: CommandSucceededEvent) => void;
}

/** Collections of the version before: versioned names behind a pointer document. */
async function dropLegacyCollections(db: Db) {
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map(
    ({ name }) => name,
  );
  if (!names.includes('readModelVersions')) return;
  for (const name of names) {
    if (/^(payments|parkedPayments)_v\d+$|^readModelVersions$|^projectionCheckpoints$/.test(name)) {
      await db.dropCollection(name);
    }
  }
}

/**
 * Read models in MongoDB (or FerretDB), one collection per projection under its stable name.
 * Every write goes with write concern `majority` and journaling. Every operation has a deadline:
 * driver 7 ignores `timeoutMS`, so it is the client's socket timeout (an answer that does not
 * arrive within `deadlineMs` closes the connection and fails the operation), with server
 * selection, connecting and waiting for a pooled connection bounded as well. A server that stalls
 * is reported as `store_unavailable` within the deadline.
 */
export function createMongoReadModelStore(options: MongoReadModelStoreOptions): ReadModelStore {
  const deadlineMs = options.deadlineMs ?? 10_000;
  const client = new MongoClient(options.url, {
    serverSelectionTimeoutMS: Math.min(5000, deadlineMs),
    connectTimeoutMS: Math.min(5000, deadlineMs),
    socketTimeoutMS: deadlineMs,
    waitQueueTimeoutMS: deadlineMs,
    writeConcern: { w: 'majority', journal: true },
    monitorCommands:
      options.onCommandStarted !== undefined || options.onCommandSucceeded !== undefined,
  });
  if (options.onCommandStarted) client.on('commandStarted', options.onCommandStarted);
  if (options.onCommandSucceeded) client.on('commandSucceeded', options.onCommandSucceeded);
  const db = client.db(options.databaseName);
  const context = createMongoContext(db, deadlineMs, () => dropLegacyCollections(db));
  const documents = createMongoDocumentStore(context);
  return {
    ...documents,
    ...createMongoVersions(context, (target, indexes, version) =>
      documents.prepare(target, indexes, version),
    ),
    ...createMongoQueries(context),
    ...createMongoLeases(context),
    ping: () =>
      context.run(async () => {
        await db.command({ ping: 1 });
      }),
    close: () => client.close(),
  };
}
