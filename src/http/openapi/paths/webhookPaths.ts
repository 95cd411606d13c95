import { GATEWAY_NAMES } from '../../../webhooks/gateway.js';
import { errorResponses, json, ok, pathParameter, ref } from '../openApiHelpers.js';
import type { Parameter, Paths } from '../openApiTypes.js';

const header = (name: string, description: string): Parameter => ({
  name,
  in: 'header',
  description,
  schema: { type: 'string' },
});

export const webhookPaths: Paths = {
  '/webhooks/{gateway}': {
    post: {
      operationId: 'receiveWebhook',
      summary: 'Receive a gateway’s webhook',
      description:
        'Checked in this order, the first failing check answering: gateway known and configured → method (any other answers 405 with `Allow: POST`) → `Content-Type` → size → signature (on the raw bytes) → JSON → payload → dedupe → append. A 2xx means the outcome is durable. An append the EventStoreDB server refuses as too large (it takes less than `EVENTSTORE_MAX_APPEND_BYTES` says) answers 413 too, naming its limit. Ippopay signs nothing: its notification only names an order, which is confirmed through its API before anything is stored.',
      tags: ['webhooks'],
      parameters: [
        pathParameter('gateway', 'Which gateway sent it.', { enum: [...GATEWAY_NAMES] }),
        header('Stripe-Signature', 'Stripe: `t=…,v1=…`.'),
        header('X-Razorpay-Signature', 'Razorpay: hex HMAC-SHA256 of the body.'),
        header('X-Razorpay-Event-Id', 'Razorpay: the event id (dedupe key).'),
        header('webhook-id', 'Standard Webhooks (generic): the message id (dedupe key).'),
        header('webhook-timestamp', 'Standard Webhooks: seconds since the epoch.'),
        header('webhook-signature', 'Standard Webhooks: `v1,<base64>` (several allowed).'),
        header(
          'X-Correlation-Id',
          'Yours, if well-formed (`[A-Za-z0-9_-]{1,64}`); echoed and stored.',
        ),
      ],
      requestBody: {
        required: true,
        description:
          'The gateway’s JSON, exactly as signed: at most `MAX_BODY_BYTES`, which payledger keeps within what one event-store append holds (with EventStoreDB, 774,144 bytes by default).',
        content: json({}),
      },
      responses: {
        '200': ok('Accepted, a duplicate, or ignored (and kept).', ref('WebhookAnswer')),
        '202': ok('Verified but not usable: quarantined (and kept).', ref('WebhookKept')),
        ...errorResponses([
          'invalid_notification',
          'invalid_signature',
          'unknown_gateway',
          'gateway_not_configured',
          'request_timeout',
          'payload_too_large',
          'unsupported_media_type',
          'store_unavailable',
          'overloaded',
          'gateway_unavailable',
          'gateway_rate_limited',
        ]),
      },
    },
  },
};
