import type { Gateway } from '../../gateway.js';
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
    verify: (request, now) => verifyStandardWebhookSignature(request, now, options),
    normalize: (payload, request, now) =>
      Promise.resolve(normalizeGenericEvent(payload, request.headers['webhook-id'] ?? '', now)),
  };
}
