import { PAYMENT_STATUSES } from '../../../domain/paymentStatus.js';
import { GATEWAY_NAMES } from '../../../webhooks/gateway.js';
import type { Schema } from '../openApiTypes.js';

/** Building blocks the other schemas refer to. */
export const commonSchemas: Record<string, Schema> = {
  Error: {
    type: 'object',
    description:
      'Every error answer. `error` is a stable snake_case code to act on; `message` is for people.',
    required: ['error', 'message'],
    additionalProperties: false,
    properties: {
      error: { type: 'string', pattern: '^[a-z][a-z0-9_]*$' },
      message: { type: 'string' },
    },
  },
  Instant: {
    type: 'string',
    format: 'date-time',
    description: 'ISO 8601 time, UTC.',
  },
  Day: { type: 'string', format: 'date', description: 'A UTC day, `YYYY-MM-DD`.' },
  TimeBound: {
    type: 'string',
    anyOf: [{ format: 'date-time' }, { format: 'date' }],
    description: 'An ISO 8601 time with its offset, or a date (its midnight, UTC).',
  },
  UnsignedDecimal: {
    type: 'string',
    pattern: '^\\d+$',
    description: 'A 64-bit unsigned integer as decimal text (revisions and positions).',
  },
  Position: {
    type: 'object',
    description: 'A place in the event log ($all), as the event store reports it.',
    required: ['commit', 'prepare'],
    additionalProperties: false,
    properties: {
      commit: { $ref: '#/components/schemas/UnsignedDecimal' },
      prepare: { $ref: '#/components/schemas/UnsignedDecimal' },
    },
  },
  Sha256: { type: 'string', pattern: '^[0-9a-f]{64}$', description: 'Hex SHA-256.' },
  Uuid: { type: 'string', format: 'uuid' },
  Gateway: { type: 'string', enum: [...GATEWAY_NAMES] },
  PaymentStatus: {
    type: 'string',
    enum: [...PAYMENT_STATUSES],
    description: 'The canonical status every gateway vocabulary is normalized to.',
  },
  Currency: { type: 'string', pattern: '^[A-Z]{3}$', description: 'ISO 4217 code.' },
  MinorUnits: {
    type: 'integer',
    minimum: 0,
    description: 'Money in the currency’s minor units (cents, paise; yen as they are).',
  },
  Cursor: {
    type: ['string', 'null'],
    description: 'Pass back as `cursor` for the next page; null on the last page.',
  },
};
