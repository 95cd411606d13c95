import type { Db, Document, Filter } from 'mongodb';
import { decodeCursor, toPage, type Page } from '../cursorPage.js';
import type { DailyTotal } from '../dailyTotal.js';
import type { OrderBody } from '../orderDocument.js';
import type { ParkedPaymentBody } from '../parkedPayment.js';
import type { PaymentBody } from '../paymentDocument.js';
import type {
  DailyTotalsReadModel,
  OrdersReadModel,
  ParkedPaymentsReadModel,
  PaymentsReadModel,
} from '../readModelQueries.js';
import { READ_MODELS } from '../readModelNames.js';
import type { Stored } from '../stored.js';
import type { MongoContext } from './mongoContext.js';
import { READ_OPTIONS, toReadModel } from './storedDocuments.js';

/** Reads of the materialized collections, by the fields their projections index. */
export function createMongoQueries(
  context: MongoContext,
): PaymentsReadModel & OrdersReadModel & DailyTotalsReadModel & ParkedPaymentsReadModel {
  const db: Db = context.db;
  const options = () => ({ ...READ_OPTIONS });

  const one = <Body>(collection: string, key: string) =>
    context.run(async () => {
      const stored = await db
        .collection<{ _id: string }>(collection)
        .findOne({ _id: key }, options());
      return stored ? toReadModel<Body>(stored) : undefined;
    });

  /** Newest `lastEventAt` first, then by key, from the cursor on. */
  const listRecent = <Body extends { readonly lastEventAt: string }>(
    collection: string,
    equal: Readonly<Record<string, string | undefined>>,
    range: { readonly from?: Date; readonly to?: Date },
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<Stored<Body>>> =>
    context.run(async () => {
      const filter: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(equal))
        if (value !== undefined) filter[field] = value;
      const at: { $gte?: string; $lte?: string } = {};
      if (range.from) at.$gte = range.from.toISOString();
      if (range.to) at.$lte = range.to.toISOString();
      if (Object.keys(at).length > 0) filter['lastEventAt'] = at;
      if (cursor !== undefined) {
        const after = decodeCursor(cursor);
        filter['$or'] = [
          { lastEventAt: { $lt: after.sortValue } },
          { lastEventAt: after.sortValue, _id: { $gt: after.key } },
        ];
      }
      const stored = await db
        .collection(collection)
        .find(filter as Filter<Document>, options())
        .sort({ lastEventAt: -1, _id: 1 })
        .limit(limit + 1)
        .toArray();
      return toPage(stored.map(toReadModel<Body>), limit, (document) => ({
        sortValue: document.lastEventAt,
        key: document.key,
      }));
    });

  return {
    getPayment: (gateway, paymentId) =>
      one<PaymentBody>(READ_MODELS.payments, `${gateway}:${paymentId}`),
    listPayments: (query) =>
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
    getOrder: (orderId) => one<OrderBody>(READ_MODELS.orders, orderId),
    listOrders: (query) =>
      listRecent<OrderBody>(
        READ_MODELS.orders,
        { status: query.status },
        query,
        query.limit,
        query.cursor,
      ),
    dailyTotals: (range) =>
      context.run(async () => {
        const day: { $gte?: string; $lte?: string } = {};
        if (range.from !== undefined) day.$gte = range.from;
        if (range.to !== undefined) day.$lte = range.to;
        const stored = await db
          .collection(READ_MODELS.dailyTotals)
          .find({ ...(Object.keys(day).length > 0 ? { day } : {}), count: { $gt: 0 } }, options())
          .sort({ day: 1, gateway: 1, currency: 1, status: 1 })
          .toArray();
        return stored.map((row): DailyTotal => {
          const {
            day: at,
            gateway,
            currency,
            status,
            count,
            amount,
          } = toReadModel<DailyTotal>(row);
          return { day: at, gateway, currency, status, count, amount };
        });
      }),
    listParked: () =>
      context.run(async () => {
        const stored = await db
          .collection(READ_MODELS.parkedPayments)
          .find({}, options())
          .sort({ _id: 1 })
          .toArray();
        return stored.map(toReadModel<ParkedPaymentBody>);
      }),
  };
}
