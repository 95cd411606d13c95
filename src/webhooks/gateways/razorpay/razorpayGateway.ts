import type { Gateway } from '../../gateway.js';
import { stringAt } from '../readPath.js';
import { normalizeRazorpayEvent } from './normalizeRazorpayEvent.js';
import { verifyRazorpaySignature } from './verifyRazorpaySignature.js';

export interface RazorpayGatewayOptions {
  /** `RAZORPAY_WEBHOOK_SECRET` entries; several = rotation. */
  readonly secrets: readonly string[];
}

export function createRazorpayGateway(options: RazorpayGatewayOptions): Gateway {
  return {
    name: 'razorpay',
    authenticity: 'signature',
    // x-razorpay-event-id is not covered by the signature: the body is what was signed.
    dedupesByBody: true,
    verify: (request) => verifyRazorpaySignature(request, options),
    normalize: (payload, delivery, now) =>
      // verify() has already required the event id header, so the delivery carries it.
      Promise.resolve(normalizeRazorpayEvent(payload, delivery.deliveryId ?? '', now)),
    identify: (payload) => ({
      paymentId:
        stringAt(payload, 'payload', 'payment', 'entity', 'id') ??
        stringAt(payload, 'payload', 'refund', 'entity', 'payment_id') ??
        stringAt(payload, 'payload', 'dispute', 'entity', 'payment_id'),
      eventType: stringAt(payload, 'event'),
    }),
  };
}
