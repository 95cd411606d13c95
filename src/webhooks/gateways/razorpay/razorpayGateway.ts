import type { Gateway } from '../../gateway.js';
import { normalizeRazorpayEvent } from './normalizeRazorpayEvent.js';
import { verifyRazorpaySignature } from './verifyRazorpaySignature.js';

export interface RazorpayGatewayOptions {
  /** `RAZORPAY_WEBHOOK_SECRET` entries; several = rotation. */
  readonly secrets: readonly string[];
}

export function createRazorpayGateway(options: RazorpayGatewayOptions): Gateway {
  return {
    name: 'razorpay',
    verify: (request) => verifyRazorpaySignature(request, options),
    normalize: (payload, request, now) =>
      // verify() has already required the header, so it is present here.
      Promise.resolve(
        normalizeRazorpayEvent(payload, request.headers['x-razorpay-event-id'] ?? '', now),
      ),
  };
}
