import type { SqliteDatabase } from '../../eventStore/sqlite/openSqliteDatabase.js';
import { decodeCursor, toPage, type Page } from '../cursorPage.js';
import { compareDailyTotals, type DailyTotal } from '../dailyTotal.js';
import type { OrderBody, OrderDocument } from '../orderDocument.js';
import type { ParkedPayment, ParkedPaymentBody } from '../parkedPayment.js';
import type { PaymentBody, PaymentDocument } from '../paymentDocument.js';
import type {
  DailyTotalsReadModel,
  OrdersReadModel,
  ParkedPaymentsReadModel,
  PaymentsReadModel,
} from '../readModelQueries.js';
import { READ_MODELS } from '../readModelNames.js';
import type { Stored } from '../stored.js';
import { createColumnCache, identifier, tableExists } from './schema.js';
import { toStoredDocument } from './sqliteDocumentStore.js';

type Row = Parameters<typeof toStoredDocument>[0];
type Value = string | number;

function toDocument<Body>(row: Row): Stored<Body> {
  const { position, body } = toStoredDocument(row);
  return { ...(body as Body), key: row.key, lastGlobalPosition: position };
}

/** Reads of the materialized tables; filters and order use their indexed columns. */
export function createSqliteQueries(
  db: SqliteDatabase,
): PaymentsReadModel & OrdersReadModel & DailyTotalsReadModel & ParkedPaymentsReadModel {
  const columnsOf = createColumnCache(db);
  /** A field as SQL: its column where the table has one, else read out of the JSON. */
  const field = (table: string, name: string) =>
    columnsOf(table).has(name) ? identifier(name) : `(document ->> '$.${name}')`;
  const rows = (table: string, where: string[], args: Value[], tail = ''): Row[] => {
    // Before the projection first ran there is no table yet: nothing to read.
    if (!tableExists(db, table)) return [];
    return db
      .prepare(
        `SELECT key, position_commit, position_prepare, document FROM ${identifier(table)}
         ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ${tail}`,
      )
      .safeIntegers(true)
      .all(...args) as Row[];
  };
  const one = <Body>(table: string, key: string): Stored<Body> | undefined => {
    const [row] = rows(table, ['key = ?'], [key]);
    return row && toDocument<Body>(row);
  };

  /** Newest `lastEventAt` first, then by key, from the cursor on; `limit + 1` rows. */
  function listRecent<Body extends { readonly lastEventAt: string }>(
    table: string,
    filters: Readonly<Record<string, Value | undefined>>,
    range: { readonly from?: Date; readonly to?: Date },
    limit: number,
    cursor: string | undefined,
  ): Page<Stored<Body>> {
    const where: string[] = [];
    const args: Value[] = [];
    for (const [name, value] of Object.entries(filters)) {
      if (value === undefined) continue;
      where.push(`${field(table, name)} = ?`);
      args.push(value);
    }
    const at = field(table, 'lastEventAt');
    if (range.from) {
      where.push(`${at} >= ?`);
      args.push(range.from.toISOString());
    }
    if (range.to) {
      where.push(`${at} <= ?`);
      args.push(range.to.toISOString());
    }
    if (cursor !== undefined) {
      const after = decodeCursor(cursor);
      where.push(`(${at} < ? OR (${at} = ? AND key > ?))`);
      args.push(after.sortValue, after.sortValue, after.key);
    }
    const found = rows(table, where, [...args, limit + 1], `ORDER BY ${at} DESC, key LIMIT ?`);
    return toPage(found.map(toDocument<Body>), limit, (document) => ({
      sortValue: document.lastEventAt,
      key: document.key,
    }));
  }

  return {
    getPayment: (gateway, paymentId) =>
      Promise.resolve(one<PaymentBody>(READ_MODELS.payments, `${gateway}:${paymentId}`)),

    listPayments: (query): Promise<Page<PaymentDocument>> =>
      Promise.resolve(
        listRecent<PaymentBody>(
          READ_MODELS.payments,
          {
            status: query.status,
            gateway: query.gateway,
            currency: query.currency,
            orderId: query.orderId,
          },
          query,
          query.limit,
          query.cursor,
        ),
      ),

    getOrder: (orderId) => Promise.resolve(one<OrderBody>(READ_MODELS.orders, orderId)),

    listOrders: (query): Promise<Page<OrderDocument>> =>
      Promise.resolve(
        listRecent<OrderBody>(
          READ_MODELS.orders,
          { status: query.status },
          query,
          query.limit,
          query.cursor,
        ),
      ),

    dailyTotals(range) {
      const table = READ_MODELS.dailyTotals;
      const day = field(table, 'day');
      const found = rows(
        table,
        [`${day} >= ?`, `${day} <= ?`, `(document ->> '$.count') > 0`],
        [range.from ?? '0000-00-00', range.to ?? '9999-99-99'],
      );
      return Promise.resolve(
        found
          .map((row) => {
            const {
              day: at,
              gateway,
              currency,
              status,
              count,
              amount,
            } = toDocument<DailyTotal>(row);
            return { day: at, gateway, currency, status, count, amount };
          })
          .sort(compareDailyTotals),
      );
    },

    listParked: (): Promise<ParkedPayment[]> =>
      Promise.resolve(
        rows(READ_MODELS.parkedPayments, [], [], 'ORDER BY key').map(toDocument<ParkedPaymentBody>),
      ),
  };
}
