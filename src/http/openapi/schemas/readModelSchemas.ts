import { ORDER_STATUSES } from '../../../readModels/orderDocument.js';
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
      'disputed',
      'disputeStatus',
      'disputedLostAmount',
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
      refundedAmount: {
        ...ref('MinorUnits'),
        description: 'Refunds only; see disputedLostAmount.',
      },
      disputed: { type: 'boolean', description: 'A dispute is open, or was lost.' },
      disputeStatus: {
        type: ['string', 'null'],
        enum: ['open', 'won', 'lost', null],
        description: 'The latest dispute outcome; null without a dispute.',
      },
      disputedLostAmount: { ...ref('MinorUnits'), description: 'Money lost to disputes.' },
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
        ...ref('Position'),
        description: 'Position in the log of the last event applied.',
      },
    },
  },
  PaymentPage: pageOf('Payment'),
  OrderPage: pageOf('Order'),
  Order: {
    type: 'object',
    description: 'An order as seen through the payments (of any gateway) that name it.',
    required: ['orderId', 'status', 'payments', 'totals', 'lastEventAt'],
    additionalProperties: false,
    properties: {
      orderId: { type: 'string' },
      status: {
        type: 'string',
        enum: [...ORDER_STATUSES],
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
            'disputedLostAmount',
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
            disputedLostAmount: ref('MinorUnits'),
            lastEventAt: ref('Instant'),
          },
        },
      },
      totals: {
        type: 'object',
        description: 'Per currency (the key, ISO 4217).',
        propertyNames: ref('Currency'),
        additionalProperties: {
          type: 'object',
          required: ['captured', 'refunded', 'disputedLost', 'net'],
          additionalProperties: false,
          properties: {
            captured: ref('MinorUnits'),
            refunded: ref('MinorUnits'),
            disputedLost: ref('MinorUnits'),
            net: {
              type: 'integer',
              description: 'captured − refunded − disputedLost, minor units.',
            },
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
