import { z } from 'zod';
import type { Gateway } from '../../gateway.js';
import { describeIssues } from '../paymentFacts.js';
import { InvalidNotificationError } from '../../webhookErrors.js';
import { createBoundedConfirmations, type ConfirmationLimits } from './boundedConfirmations.js';
import { createIppopayApi, type IppopayApiOptions } from './ippopayApi.js';
import { ippopayNotificationSchema } from './ippopayPayload.js';
import {
  isSettledConfirmation,
  normalizeIppopayConfirmation,
} from './normalizeIppopayConfirmation.js';

export const IPPOPAY_SCHEME = 'ippopay-api-confirmation';

/**
 * The largest notification read: it only has to name an order (Ippopay's carry an order id, a
 * transaction number and a status, about 100 bytes), and anyone can post one, so a flood of
 * MAX_BODY_BYTES bodies would hold up to that much memory per pending request for nothing.
 */
export const IPPOPAY_MAX_BODY_BYTES = 16 * 1024;

/**
 * A notification, or the evidence kept of one when a quarantined or ignored delivery is re-run.
 * Either way only the order id is read, and the API is asked again.
 */
const notificationOrEvidence = ippopayNotificationSchema.or(
  z.object({ notification: ippopayNotificationSchema }),
);

export type IppopayGatewayOptions = Omit<IppopayApiOptions, 'timeoutMs'> & {
  readonly timeoutMs?: number;
  /** `IPPOPAY_API_CALLS_PER_SECOND`. */
  readonly callsPerSecond?: number;
} & Omit<ConfirmationLimits, 'callsPerSecond'>;

/**
 * Ippopay signs nothing, so a notification proves nothing: it is only a hint of which order to
 * look at. `verify` has no secret to check and lets every delivery through; `normalize` asks
 * Ippopay's API about the order (at a bounded cost) and records what the API confirms, never
 * what the notification claims. A notification that cannot be confirmed is refused with
 * `invalid_notification` and nothing of it is stored.
 */
export function createIppopayGateway(options: IppopayGatewayOptions): Gateway {
  const api = createIppopayApi({ timeoutMs: 3000, ...options });
  const confirmations = createBoundedConfirmations(api, isSettledConfirmation, {
    ...options,
    callsPerSecond: options.callsPerSecond ?? 10,
  });
  return {
    name: 'ippopay',
    authenticity: 'api-confirmation',
    dedupesByBody: false,
    maxBodyBytes: IPPOPAY_MAX_BODY_BYTES,
    verify: () => ({ scheme: IPPOPAY_SCHEME, secretIndex: 0, deliveryId: null }),
    async normalize(payload, _delivery, now) {
      const notification = notificationOrEvidence.safeParse(payload);
      if (!notification.success)
        throw new InvalidNotificationError(
          `not an Ippopay notification (${describeIssues(notification.error)})`,
        );
      const orderId =
        'notification' in notification.data
          ? notification.data.notification.order_id
          : notification.data.order_id;
      return normalizeIppopayConfirmation(orderId, await confirmations.confirm(orderId), now);
    },
    // The notification is not evidence of anything: payments are named by the API's answers.
    identify: () => ({ paymentId: null, eventType: null }),
  };
}
