import Router from '@koa/router';
import { z } from 'zod';
import { AppError } from '../../errors/appError.js';
import type { OrderDocument } from '../../readModels/orderDocument.js';
import type { OrderQuery, OrdersReadModel } from '../../readModels/readModelQueries.js';
import type { RequireRole } from '../requireRole.js';
import { instant, parseQuery } from './paymentsRouter.js';

export class OrderNotFoundError extends AppError {
  readonly code = 'order_not_found';

  constructor(orderId: string) {
    super(`No payment names order ${orderId}.`);
  }
}

const ORDER_STATUSES = [
  'pending',
  'paid',
  'partially_refunded',
  'refunded',
  'disputed',
  'failed',
  'canceled',
] as const;

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

/** `GET /orders/:orderId` and `GET /orders`: the `orders` read model. */
export function ordersRouter(deps: {
  readonly readModels: OrdersReadModel;
  readonly requireRole: RequireRole;
}): Router {
  const router = new Router();
  router.get('/orders/:orderId', deps.requireRole('auditor', 'analyst', 'admin'), async (ctx) => {
    const orderId = ctx.params['orderId'] ?? '';
    const order = await deps.readModels.getOrder(orderId);
    if (!order) throw new OrderNotFoundError(orderId);
    ctx.body = toOrderView(order);
  });
  router.get('/orders', deps.requireRole('auditor', 'analyst', 'admin'), async (ctx) => {
    const page = await deps.readModels.listOrders(parseQuery(listQuery, ctx.query) as OrderQuery);
    ctx.body = { items: page.items.map(toOrderView), nextCursor: page.nextCursor };
  });
  return router;
}
