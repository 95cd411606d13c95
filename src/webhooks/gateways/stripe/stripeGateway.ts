import type { Gateway } from '../../gateway.js';
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
    verify: (request, now) => verifyStripeSignature(request, now, options),
    normalize: (payload, _request, now) => Promise.resolve(normalizeStripeEvent(payload, now)),
  };
}
