import type { Gateway } from '../../gateway.js';
import { stringAt } from '../readPath.js';
import { normalizeStripeEvent } from './normalizeStripeEvent.js';
import { verifyStripeSignature } from './verifyStripeSignature.js';

export interface StripeGatewayOptions {
  /** `STRIPE_WEBHOOK_SECRET` entries, each the whole `whsec_…` string; several = rotation. */
  readonly secrets: readonly string[];
  /** `WEBHOOK_TOLERANCE_SECONDS`: the oldest signed `t` still accepted. */
  readonly toleranceSeconds: number;
}

export function createStripeGateway(options: StripeGatewayOptions): Gateway {
  return {
    name: 'stripe',
    authenticity: 'signature',
    dedupesByBody: false,
    verify: (request, now) => verifyStripeSignature(request, now, options),
    normalize: (payload, _delivery, now) => Promise.resolve(normalizeStripeEvent(payload, now)),
    // Payments are keyed by their PaymentIntent, whatever object the event carries.
    identify: (payload) => ({
      paymentId:
        stringAt(payload, 'data', 'object', 'object') === 'payment_intent'
          ? stringAt(payload, 'data', 'object', 'id')
          : stringAt(payload, 'data', 'object', 'payment_intent'),
      eventType: stringAt(payload, 'type'),
    }),
  };
}
