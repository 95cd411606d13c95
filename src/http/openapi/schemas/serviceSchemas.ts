import { ref } from '../openApiHelpers.js';
import type { Schema } from '../openApiTypes.js';

/** Webhook answers, health. */
export const serviceSchemas: Record<string, Schema> = {
  WebhookAnswer: {
    description:
      '`accepted`: durable, with its stream and revision. `duplicate`: already stored, nothing new. `ignored` / `quarantined`: kept as a delivery (`id`), not as a payment event.',
    oneOf: [
      {
        type: 'object',
        required: ['status', 'eventId', 'stream', 'revision'],
        additionalProperties: false,
        properties: {
          status: { const: 'accepted' },
          eventId: ref('Uuid'),
          stream: { type: 'string' },
          revision: ref('UnsignedDecimal'),
        },
      },
      {
        type: 'object',
        required: ['status', 'eventId'],
        additionalProperties: false,
        properties: { status: { const: 'duplicate' }, eventId: ref('Uuid') },
      },
      ref('WebhookKept'),
    ],
  },
  WebhookKept: {
    type: 'object',
    required: ['status', 'id', 'eventId', 'reason'],
    additionalProperties: false,
    properties: {
      status: { enum: ['ignored', 'quarantined'] },
      id: { type: 'string', description: 'The kept delivery’s id (see `GET /quarantine/{id}`).' },
      eventId: ref('Uuid'),
      reason: { type: 'string' },
    },
  },
  Health: {
    type: 'object',
    required: ['status'],
    additionalProperties: false,
    properties: { status: { const: 'ok' } },
  },
  Readiness: {
    type: 'object',
    required: ['status', 'checks'],
    additionalProperties: false,
    properties: {
      status: { enum: ['ready', 'not_ready'] },
      checks: {
        type: 'object',
        description:
          'One entry per dependency (`eventStore`, `readModels`, `projections` where this instance runs them), with its details.',
        additionalProperties: {
          type: 'object',
          required: ['ready'],
          properties: {
            ready: { type: 'boolean' },
            reason: { type: 'string', description: 'Why not, when not ready.' },
          },
        },
      },
    },
  },
};
