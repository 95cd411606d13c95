import type { Gateway } from '../../gateway.js';
import { stringAt } from '../readPath.js';
import { normalizeGenericEvent } from './normalizeGenericEvent.js';
import { verifyStandardWebhookSignature } from './verifyStandardWebhookSignature.js';

export interface GenericGatewayOptions {
  readonly keys: readonly Buffer[];
  readonly toleranceSeconds: number;
}

/** Any gateway that signs the article's JSON the Standard Webhooks way. */
export function createGenericGateway(options: GenericGatewayOptions): Gateway {
  return {
    name: 'generic',
    authenticity: 'signature',
    // The webhook-id is signed, so the same body under a new id is a new message from the sender.
    dedupesByBody: false,
    verify: (request, now) => verifyStandardWebhookSignature(request, now, options),
    normalize: (payload, delivery, now) =>
      Promise.resolve(normalizeGenericEvent(payload, delivery.deliveryId ?? '', now)),
    identify: (payload) => ({
      paymentId: stringAt(payload, 'data', 'paymentId'),
      eventType: stringAt(payload, 'event'),
    }),
  };
}
