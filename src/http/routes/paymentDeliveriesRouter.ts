import Router from '@koa/router';
import type { EventStore } from '../../eventStore/eventStore.js';
import { listPaymentDeliveries } from '../../webhooks/deliveries/readDeliveries.js';
import type { RequireRole } from '../requireRole.js';
import { toDeliveryView } from './quarantineRouter.js';

/**
 * `GET /payments/:gateway/:paymentId/deliveries`: the quarantined and ignored deliveries that name
 * the payment, oldest first, with reason, raw bytes and resolution. For those who read histories
 * (auditors, admins): what came in about a payment and did not become one of its events belongs
 * to its record. Replaying stays with admins (`POST /quarantine/:id/replay`).
 */
export function paymentDeliveriesRouter(deps: {
  readonly eventStore: EventStore;
  readonly requireRole: RequireRole;
}): Router {
  const router = new Router();
  router.get(
    '/payments/:gateway/:paymentId/deliveries',
    deps.requireRole('auditor', 'admin'),
    async (ctx) => {
      const entries = await listPaymentDeliveries(
        deps.eventStore,
        ctx.params['gateway'] ?? '',
        ctx.params['paymentId'] ?? '',
      );
      ctx.body = { items: entries.map(toDeliveryView) };
    },
  );
  return router;
}
