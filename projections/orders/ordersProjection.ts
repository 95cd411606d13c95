import type { OrderBody } from '../../src/readModels/orderDocument.js';
import { READ_MODELS } from '../../src/readModels/readModelNames.js';
import { PAYMENT_STREAMS, parkingOf, summaryOf } from '../paymentStreams/paymentHistory.js';
import type { ProjectionDefinition } from '../projectionDefinition.js';
import { orderBody, orderEntry } from './orderBody.js';

/**
 * `orders`: one document per order id, with an entry for each payment that names it. An event
 * touches the order its payment named before it and the one it names after it (the greatest
 * event naming one), both read from the payment's history. Each entry is re-derived from its
 * payment's history, so an order whose last payment moves away can be deleted safely.
 */
export const ordersProjection: ProjectionDefinition<OrderBody> = {
  name: READ_MODELS.orders,
  version: 1,
  streamPrefixes: PAYMENT_STREAMS,
  needsHistory: true,
  needsDocument: true,
  indexes: [
    { name: 'recent', fields: [{ field: 'lastEventAt', descending: true }] },
    { name: 'status', fields: [{ field: 'status' }, { field: 'lastEventAt', descending: true }] },
  ],

  keysOf(_event, { history }) {
    if (parkingOf(history)) return [];
    const before = summaryOf(history.slice(0, -1))?.orderId ?? null;
    const after = summaryOf(history)?.orderId ?? null;
    return [...new Set([before, after])].filter((key): key is string => key !== null);
  },

  evolve(order, _event, { key, history }) {
    const payment = summaryOf(history);
    if (!payment) return order;
    const others = (order?.payments ?? []).filter(
      (entry) => entry.gateway !== payment.gateway || entry.paymentId !== payment.paymentId,
    );
    const entries = payment.orderId === key ? [...others, orderEntry(payment)] : others;
    return entries.length === 0 ? undefined : orderBody(key, entries);
  },
};
