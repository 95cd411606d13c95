import type { JsonValue } from '../../../domain/paymentEvent.js';
import type { Gateway } from '../../gateway.js';
import { describeIssues, invalid } from '../paymentFacts.js';
import { GatewayUnavailableError } from '../../webhookErrors.js';
import { createIppopayApi, type IppopayApiOptions } from './ippopayApi.js';
import { ippopayNotificationSchema } from './ippopayPayload.js';
import { normalizeIppopayConfirmation } from './normalizeIppopayConfirmation.js';

export const IPPOPAY_SCHEME = 'ippopay-api-confirmation';

export type IppopayGatewayOptions = Omit<IppopayApiOptions, 'timeoutMs'> & {
  readonly timeoutMs?: number;
};

/**
 * Ippopay signs nothing, so a notification proves nothing: it is only a hint of which order to
 * look at. `verify` has no secret to check and lets every delivery through; `normalize` fetches
 * the order and its transaction from Ippopay's API with the merchant's keys and records what
 * the API confirms, never what the notification claims.
 */
export function createIppopayGateway(options: IppopayGatewayOptions): Gateway {
  const api = createIppopayApi({ timeoutMs: 3000, ...options });
  return {
    name: 'ippopay',
    verify: () => ({ scheme: IPPOPAY_SCHEME, secretIndex: 0, deliveryId: null }),
    async normalize(payload, _request, now) {
      const notification = ippopayNotificationSchema.safeParse(payload);
      if (!notification.success)
        return invalid(`notification: ${describeIssues(notification.error)}`);
      const orderId = notification.data.order_id;
      const [order, transaction] = await Promise.all([
        api.fetchOrder(orderId),
        api.fetchTransaction(orderId),
      ]);
      // An order Ippopay does not know is a forged or mistaken notification: keep it in quarantine.
      if (!order.found) return invalid(`Ippopay does not know order ${orderId}`);
      // Ippopay notified about a payment its API does not show yet: answer 503 so it retries,
      // rather than acknowledge a notification whose outcome we never recorded.
      if (!transaction.found) {
        throw new GatewayUnavailableError(
          `Ippopay does not show a transaction for order ${orderId} yet; retry later.`,
        );
      }
      return normalizeIppopayConfirmation(
        { orderId, payload },
        { order: order.body as JsonValue, transaction: transaction.body as JsonValue },
        now,
      );
    },
  };
}
