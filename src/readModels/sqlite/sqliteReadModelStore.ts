import type Database from 'better-sqlite3';
import {
  openSqliteDatabase,
  type SqliteDatabase,
} from '../../eventStore/sqlite/openSqliteDatabase.js';
import { projectOrder } from '../../../projections/orders/ordersProjection.js';
import type { DailyTotal } from '../dailyTotal.js';
import { decodePaymentCursor, encodePaymentCursor } from '../paymentCursor.js';
import type { ReadModelStore } from '../readModelStore.js';
import { paymentFromRow, parkedFromRow } from './documentJson.js';
import {
  createReadModelSchema,
  createVersionTables,
  dropVersionTables,
  tableNames,
} from './schema.js';
import { rejectSyncThrows } from './rejectSyncThrows.js';
import { createSqliteReadModelWriter } from './sqliteReadModelWriter.js';

interface DocumentRow {
  document: string;
  last_global_position: number;
}

/**
 * Read models in the embedded SQLite file, beside the event log. Pass the event store's
 * database to share its connection, or a file path to open one (other processes, such as a
 * rebuild, open the same file; WAL lets them read while one writes).
 */
export function createSqliteReadModelStore(
  source: SqliteDatabase | { readonly file: string },
): ReadModelStore {
  const ownsDatabase = 'file' in source && typeof source.file === 'string';
  const db: SqliteDatabase = ownsDatabase
    ? openSqliteDatabase((source as { file: string }).file)
    : (source as SqliteDatabase);
  // Projection batches touch documents all over the tables; 64 MiB of page cache keeps them hot.
  db.pragma('cache_size = -65536');
  createReadModelSchema(db);
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const activeVersionSync = (): number => {
    const row = prepare("SELECT version FROM read_model_versions WHERE state = 'active'").get() as
      { version: number } | undefined;
    if (!row) throw new Error('no active read-model version');
    return row.version;
  };
  const active = () => tableNames(activeVersionSync());

  const store: ReadModelStore = {
    activeVersion: () => Promise.resolve(activeVersionSync()),

    writer: (version) => createSqliteReadModelWriter(db, version),

    beginRebuild() {
      const version = db
        .transaction(() => {
          const stale = prepare(
            "SELECT version FROM read_model_versions WHERE state <> 'active'",
          ).all() as {
            version: number;
          }[];
          for (const { version: old } of stale) {
            dropVersionTables(db, old);
            prepare('DELETE FROM projection_checkpoints WHERE version = ?').run(old);
            prepare('DELETE FROM read_model_versions WHERE version = ?').run(old);
          }
          const next =
            ((
              prepare('SELECT max(version) AS v FROM read_model_versions').get() as {
                v: number | null;
              }
            ).v ?? 0) + 1;
          prepare(
            "INSERT INTO read_model_versions (version, state, created_at) VALUES (?, 'building', unixepoch())",
          ).run(next);
          createVersionTables(db, next);
          return next;
        })
        .immediate();
      statements.clear();
      return Promise.resolve(createSqliteReadModelWriter(db, version));
    },

    activate(version) {
      db.transaction(() => {
        prepare("UPDATE read_model_versions SET state = 'retired' WHERE state = 'active'").run();
        const changed = prepare(
          "UPDATE read_model_versions SET state = 'active' WHERE version = ?",
        ).run(version);
        if (changed.changes !== 1) throw new RangeError(`no read-model version ${version}`);
      }).immediate();
      return Promise.resolve();
    },

    getPayment(gateway, paymentId) {
      const row = prepare(
        `SELECT document, last_global_position FROM ${active().payments} WHERE key = ?`,
      ).get(`${gateway}:${paymentId}`) as DocumentRow | undefined;
      return Promise.resolve(row && paymentFromRow(row));
    },

    listPayments(query) {
      const where: string[] = [];
      const args: (string | number)[] = [];
      const add = (clause: string, ...values: (string | number)[]) => {
        where.push(clause);
        args.push(...values);
      };
      if (query.status !== undefined) add('status = ?', query.status);
      if (query.gateway !== undefined) add('gateway = ?', query.gateway);
      if (query.currency !== undefined) add('currency = ?', query.currency);
      if (query.orderId !== undefined) add('order_id = ?', query.orderId);
      if (query.from !== undefined) add('last_event_at_ms >= ?', query.from.getTime());
      if (query.to !== undefined) add('last_event_at_ms <= ?', query.to.getTime());
      if (query.cursor !== undefined) {
        const after = decodePaymentCursor(query.cursor);
        add(
          '(last_event_at_ms < ? OR (last_event_at_ms = ? AND key > ?))',
          after.lastEventAtMs,
          after.lastEventAtMs,
          after.key,
        );
      }
      const sql = `SELECT document, last_global_position FROM ${active().payments}
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY last_event_at_ms DESC, key LIMIT ?`;
      const rows = prepare(sql).all(...args, query.limit + 1) as DocumentRow[];
      const items = rows.slice(0, query.limit).map(paymentFromRow);
      const last = items.at(-1);
      const nextCursor =
        rows.length > query.limit && last
          ? encodePaymentCursor({ lastEventAtMs: Date.parse(last.lastEventAt), key: last.key })
          : null;
      return Promise.resolve({ items, nextCursor });
    },

    getOrder(orderId) {
      const rows = prepare(
        `SELECT document, last_global_position FROM ${active().payments} WHERE order_id = ?`,
      ).all(orderId) as DocumentRow[];
      return Promise.resolve(projectOrder(orderId, rows.map(paymentFromRow)));
    },

    dailyTotals(range) {
      const rows = prepare(
        `SELECT day, gateway, currency, status, count(*) AS count, sum(amount) AS amount
         FROM ${active().daily} WHERE day >= ? AND day <= ?
         GROUP BY day, gateway, currency, status ORDER BY day, gateway, currency, status`,
      ).all(range.from ?? '0000-00-00', range.to ?? '9999-99-99') as DailyTotal[];
      return Promise.resolve(rows);
    },

    listParked() {
      const rows = prepare(
        `SELECT document, last_global_position FROM ${active().parked} ORDER BY key`,
      ).all() as DocumentRow[];
      return Promise.resolve(rows.map(parkedFromRow));
    },

    ping() {
      prepare('SELECT 1').get();
      return Promise.resolve();
    },

    close() {
      if (ownsDatabase && db.open) db.close();
      return Promise.resolve();
    },
  };
  // `writer` returns synchronously; it prepares statements, so it throws like a constructor.
  return {
    ...rejectSyncThrows(store),
    writer: (version) => createSqliteReadModelWriter(db, version),
  };
}
