import type { Db } from 'mongodb';
import type { CommandLimits } from './boundedBulks.js';
import { translateMongoError } from './translateMongoError.js';

/** What every part of the MongoDB adapter shares: the database, deadlines and write limits. */
export interface MongoContext {
  readonly db: Db;
  /** Longest wait for one command's answer (the client's socket timeout). */
  readonly deadlineMs: number;
  /** Runs driver calls once the server is known, translating unreachable and timed out. */
  run<T>(call: (limits: CommandLimits) => Promise<T>): Promise<T>;
}

/**
 * FerretDB 1.24 keeps one pooled SQL connection per update statement that matched a document
 * until the whole command ends (`internal/handler/msg_update.go`), and waits for ever once its
 * pool is used up: 100 connections on its SQLite backend, 50 on PostgreSQL. An update of 50
 * existing documents in one command never returns on PostgreSQL, and then blocks that database;
 * so do two of 40 sent at once. One write command at a time, of 40 statements at most, leaves
 * room for the reads and the other clients.
 *
 * It also uses no index to find a document by `_id`: on PostgreSQL `{ _id: key }` becomes
 * `_jsonb->'_id' @> '"key"'`, which the btree index on `_jsonb->'_id'` cannot serve, so a scan
 * in SQL; `{ _id: { $in: keys } }` is not pushed down at all and every document is decoded in Go,
 * about 150 times the cost of one such scan (FerretDB/FerretDB#4646, #4209; SQLite: #3235). So
 * a small load asks for each key on its own (BENCHMARKS.md, "FerretDB backends").
 *
 * Inserts are another matter: they look nothing up, and 1,000 documents per `insert` command go
 * in at a steady 5,000–7,000 documents/s from an empty collection up to 100,000 documents on
 * PostgreSQL (40 per command: 4,500/s), so inserts go 1,000 at a time.
 */
const FERRETDB_LIMITS: CommandLimits = {
  maxStatements: 40,
  maxInserts: 1000,
  maxBytes: 4 * 1024 * 1024,
  concurrentWrites: false,
  keysLoadedOneByOne: 64,
};
const MONGODB_LIMITS: CommandLimits = {
  maxStatements: 1000,
  maxInserts: 1000,
  maxBytes: 8 * 1024 * 1024,
  concurrentWrites: true,
  keysLoadedOneByOne: 0,
};

export function createMongoContext(
  db: Db,
  deadlineMs: number,
  setUp: (context: MongoContext) => Promise<void>,
): MongoContext {
  let ready: Promise<CommandLimits> | undefined;
  const context: MongoContext = {
    db,
    deadlineMs,
    run: (call) =>
      translateMongoError(deadlineMs, async () => {
        ready ??= (async () => {
          const info = await db.admin().command({ buildInfo: 1 });
          await setUp(context);
          return 'ferretdbVersion' in info ? FERRETDB_LIMITS : MONGODB_LIMITS;
        })().catch((error: unknown) => {
          ready = undefined;
          throw error;
        });
        return call(await ready);
      }),
  };
  return context;
}
