import Router from '@koa/router';
import { paymentStreamName } from '../../domain/paymentStream.js';
import { withGatewayPayload } from '../../domain/storedBody.js';
import type { EventStore } from '../../eventStore/eventStore.js';
import { listPaymentDeliveries } from '../../webhooks/deliveries/readDeliveries.js';
import { PaymentNotFoundError } from '../httpErrors.js';
import type { RequireRole } from '../requireRole.js';
import { toDeliveryView } from './quarantineRouter.js';

/**
 * `GET /payments/:gateway/:paymentId/history`: the stream itself, straight from the event store
 * (each event's data with the gateway's payload and the body as text beside what is stored), and
 * beside it the quarantined and ignored deliveries that name the payment (what came in about
 * it and did not become one of its events belongs to its record). 404 only when neither exists.
 */
export function historyRouter(deps: {
  readonly eventStore: EventStore;
  readonly requireRole: RequireRole;
}): Router {
  const router = new Router();
  router.get(
    '/payments/:gateway/:paymentId/history',
    deps.requireRole('auditor', 'admin'),
    async (ctx) => {
      const gateway = ctx.params['gateway'] ?? '';
      const paymentId = ctx.params['paymentId'] ?? '';
      const stream = paymentStreamName(gateway, paymentId);
      const [events, deliveries] = await Promise.all([
        deps.eventStore.readStream(stream),
        listPaymentDeliveries(deps.eventStore, gateway, paymentId),
      ]);
      if (events.length === 0 && deliveries.length === 0) {
        throw new PaymentNotFoundError(gateway, paymentId);
      }
      ctx.body = {
        stream,
        events: events.map((event) => ({
          eventId: event.id,
          type: event.type,
          revision: event.revision.toString(),
          position: {
            commit: event.position.commit.toString(),
            prepare: event.position.prepare.toString(),
          },
          recordedAt: event.recordedAt.toISOString(),
          data: withGatewayPayload(event.data),
          metadata: event.metadata,
        })),
        deliveries: deliveries.map(toDeliveryView),
      };
    },
  );
  return router;
}
