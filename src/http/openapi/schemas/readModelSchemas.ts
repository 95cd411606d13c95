import { pageOf, ref } from '../openApiHelpers.js';
import type { Schema } from '../openApiTypes.js';

const nullableString = { type: ['string', 'null'] };

/** The read models as the query API shows them. */
export const readModelSchemas: Record<string, Schema> = {
  Payment: {
    type: 'object',
    description:
      'A payment as the payments read model holds it: a function of the set of its events (see the README’s status rules).',
    required: [
      'gateway',
      'paymentId',
      'orderId',
      'status',
      'amount',
      'currency',
      'refundedAmount',
      'lastEventAt',
      'decidedBy',
      'eventCount',
      'version',
      'lastGlobalPosition',
    ],
    additionalProperties: false,
    properties: {
      gateway: ref('Gateway'),
      paymentId: { type: 'string' },
      orderId: nullableString,
      status: ref('PaymentStatus'),
      amount: ref('MinorUnits'),
      currency: ref('Currency'),
      refundedAmount: ref('MinorUnits'),
      lastEventAt: { ...ref('Instant'), description: 'The latest gateway event time.' },
      decidedBy: {
        type: 'object',
        description: 'The event whose status won.',
        required: ['eventId', 'status', 'occurredAt', 'gatewayEventType'],
        additionalProperties: false,
        properties: {
          eventId: ref('Uuid'),
          status: ref('PaymentStatus'),
          occurredAt: ref('Instant'),
          gatewayEventType: { type: 'string' },
        },
      },
      eventCount: { type: 'integer', minimum: 1, description: 'Distinct events applied.' },
      version: {
        type: 'integer',
        minimum: 1,
        description: 'Highest stream revision applied + 1.',
      },
      lastGlobalPosition: {
        ...ref('UnsignedDecimal'),
        description: 'Commit position of the last event applied.',
      },
    },
  },
  PaymentPage: pageOf('Payment'),
  Order: {
    type: 'object',
    description: 'An order as seen through the payments (of any gateway) that name it.',
    required: ['orderId', 'status', 'payments', 'totals', 'lastEventAt'],
    additionalProperties: false,
    properties: {
      orderId: { type: 'string' },
      status: {
        type: 'string',
        enum: [
          'pending',
          'authorized',
          'paid',
          'partially_refunded',
          'refunded',
          'disputed',
          'failed',
          'canceled',
        ],
      },
      payments: {
        type: 'array',
        description: 'Sorted by gateway, then payment id.',
        items: {
          type: 'object',
          required: [
            'gateway',
            'paymentId',
            'status',
            'amount',
            'currency',
            'refundedAmount',
            'lastEventAt',
          ],
          additionalProperties: false,
          properties: {
            gateway: ref('Gateway'),
            paymentId: { type: 'string' },
            status: ref('PaymentStatus'),
            amount: ref('MinorUnits'),
            currency: ref('Currency'),
            refundedAmount: ref('MinorUnits'),
            lastEventAt: ref('Instant'),
          },
        },
      },
      totals: {
        type: 'array',
        description: 'One entry per currency, sorted by currency.',
        items: {
          type: 'object',
          required: ['currency', 'captured', 'refunded', 'net'],
          additionalProperties: false,
          properties: {
            currency: ref('Currency'),
            captured: ref('MinorUnits'),
            refunded: ref('MinorUnits'),
            net: { type: 'integer', description: 'captured − refunded, minor units.' },
          },
        },
      },
      lastEventAt: ref('Instant'),
    },
  },
  DailyReport: {
    type: 'object',
    required: ['from', 'to', 'rows'],
    additionalProperties: false,
    properties: {
      from: { anyOf: [ref('Day'), { type: 'null' }] },
      to: { anyOf: [ref('Day'), { type: 'null' }] },
      rows: {
        type: 'array',
        description: 'Sorted by day, gateway, currency and status.',
        items: {
          type: 'object',
          required: ['day', 'gateway', 'currency', 'status', 'count', 'amount'],
          additionalProperties: false,
          properties: {
            day: ref('Day'),
            gateway: ref('Gateway'),
            currency: ref('Currency'),
            status: ref('PaymentStatus'),
            count: { type: 'integer', minimum: 1 },
            amount: {
              ...ref('MinorUnits'),
              description:
                'Money that moved with that status: captured money for `captured`, refunded money for refund rows.',
            },
          },
        },
      },
    },
  },
};
