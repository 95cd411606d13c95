import Router from '@koa/router';
import { z } from 'zod';
import { ORDER_STATUSES, type OrderDocument } from '../../readModels/orderDocument.js';
import type { OrderQuery, OrdersReadModel } from '../../readModels/readModelQueries.js';
import type { EventStore } from '../../eventStore/eventStore.js';
import { OrderNotFoundError } from '../httpErrors.js';
import type { RequireRole } from '../requireRole.js';
import { asOfFromQuery } from './asOfQuery.js';
import { instant, parseQuery } from './paymentsRouter.js';
import { readOrderAsOf } from './readAsOf.js';

const listQuery = z.strictObject({
  status: z.enum(ORDER_STATUSES).optional(),
  from: instant.optional(),
  to: instant.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).optional(),
});

/** What the API shows of an order document. */
export function toOrderView(order: OrderDocument) {
  return {
    orderId: order.orderId,
    status: order.status,
    payments: order.payments,
    totals: order.totals,
    lastEventAt: order.lastEventAt,
  };
}

/**
 * `GET /orders/:orderId` and `GET /orders`: the `orders` read model; with `?asOf=` the order
 * folded from its payments' histories (see `readOrderAsOf`).
 */
export function ordersRouter(deps: {
  readonly readModels: OrdersReadModel;
  readonly eventStore: EventStore;
  readonly requireRole: RequireRole;
}): Router {
  const router = new Router();
  router.get('/orders/:orderId', deps.requireRole('auditor', 'analyst', 'admin'), async (ctx) => {
    const orderId = ctx.params['orderId'] ?? '';
    const asOf = asOfFromQuery(ctx.query);
    const order = asOf
      ? await readOrderAsOf(deps.eventStore, deps.readModels, orderId, asOf)
      : await deps.readModels.getOrder(orderId);
    if (!order) throw new OrderNotFoundError(orderId);
    ctx.body = toOrderView(order);
  });
  router.get('/orders', deps.requireRole('auditor', 'analyst', 'admin'), async (ctx) => {
    const page = await deps.readModels.listOrders(parseQuery(listQuery, ctx.query) as OrderQuery);
    ctx.body = { items: page.items.map(toOrderView), nextCursor: page.nextCursor };
  });
  return router;
}
