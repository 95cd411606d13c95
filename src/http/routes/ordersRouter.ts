import Router from '@koa/router';
import { AppError } from '../../errors/appError.js';
import type { ReadModelStore } from '../../readModels/readModelStore.js';
import type { RequireRole } from '../requireRole.js';

export class OrderNotFoundError extends AppError {
  readonly code = 'order_not_found';

  constructor(orderId: string) {
    super(`No payment names order ${orderId}.`);
  }
}

/** `GET /orders/:orderId`: the order as seen through its payments. */
export function ordersRouter(deps: {
  readonly readModels: ReadModelStore;
  readonly requireRole: RequireRole;
}): Router {
  const router = new Router();
  router.get('/orders/:orderId', deps.requireRole('auditor', 'analyst', 'admin'), async (ctx) => {
    const orderId = ctx.params['orderId'] ?? '';
    const order = await deps.readModels.getOrder(orderId);
    if (!order) throw new OrderNotFoundError(orderId);
    ctx.body = order;
  });
  return router;
}
