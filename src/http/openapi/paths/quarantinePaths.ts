import { DELIVERY_KINDS } from '../../../webhooks/deliveries/deliveryStreams.js';
import { GATEWAY_NAMES } from '../../../webhooks/gateway.js';
import { keyedOperation, ok, pathParameter, queryParameter, ref } from '../openApiHelpers.js';
import type { Paths } from '../openApiTypes.js';

const id = pathParameter('id', '`quarantined|ignored:<gateway>:<64 hex digits>`.');

export const quarantinePaths: Paths = {
  '/quarantine': {
    get: keyedOperation({
      operationId: 'listDeliveries',
      summary: 'Kept deliveries, oldest first across gateways',
      description:
        'A page may hold fewer than `limit` items when `state` skips some: follow `nextCursor` until it is null.',
      tags: ['quarantine'],
      roles: ['admin'],
      parameters: [
        queryParameter('kind', 'Default both.', { enum: [...DELIVERY_KINDS] }),
        queryParameter('gateway', 'Default all.', { enum: [...GATEWAY_NAMES] }),
        queryParameter('state', 'Open: not resolved by a re-run.', {
          enum: ['open', 'resolved', 'all'],
          default: 'open',
        }),
        queryParameter('limit', 'Page size.', {
          type: 'integer',
          minimum: 1,
          maximum: 100,
          default: 20,
        }),
        queryParameter('cursor', 'The previous page’s `nextCursor`.', {
          type: 'string',
          minLength: 1,
          maxLength: 2000,
        }),
      ],
      responses: { '200': ok('A page of deliveries.', ref('DeliveryPage')) },
      errors: ['invalid_query', 'store_unavailable'],
    }),
  },
  '/quarantine/{id}': {
    get: keyedOperation({
      operationId: 'getDelivery',
      summary: 'One kept delivery',
      tags: ['quarantine'],
      roles: ['admin'],
      parameters: [id],
      responses: { '200': ok('The delivery.', ref('Delivery')) },
      errors: ['invalid_delivery_id', 'delivery_not_found', 'store_unavailable'],
    }),
  },
  '/quarantine/{id}/replay': {
    post: keyedOperation({
      operationId: 'replayDelivery',
      summary: 'Re-run a kept delivery through today’s code',
      description:
        '413 `payload_too_large` when the event it makes is more than the event store now takes in one append (its limit lowered since the delivery came in).',
      tags: ['quarantine'],
      roles: ['admin'],
      parameters: [
        id,
        queryParameter('dryRun', '`true`: say what would happen, write nothing.', {
          enum: ['true', 'false'],
          default: 'false',
        }),
      ],
      responses: { '200': ok('What the re-run did.', ref('ReplayResult')) },
      errors: [
        'invalid_query',
        'invalid_delivery_id',
        'delivery_not_found',
        'gateway_not_configured',
        'payload_too_large',
        'store_unavailable',
        'gateway_unavailable',
        'gateway_rate_limited',
      ],
    }),
  },
};
