import { DELIVERY_KINDS } from '../../../webhooks/deliveries/deliveryStreams.js';
import { pageOf, ref } from '../openApiHelpers.js';
import type { Schema } from '../openApiTypes.js';

const nullableString = { type: ['string', 'null'] };

const eventFields = {
  eventId: ref('Uuid'),
  type: { type: 'string', description: '`Payment<Status>`, e.g. `PaymentCaptured`.' },
  revision: { ...ref('UnsignedDecimal'), description: 'Place in its stream, from 0.' },
  position: ref('Position'),
  recordedAt: { ...ref('Instant'), description: 'When the event store recorded it.' },
  data: ref('PaymentEventData'),
  metadata: ref('PaymentEventMetadata'),
};

const historyEventFields = {
  ...eventFields,
  data: {
    type: 'object',
    allOf: [ref('PaymentEventData')],
    required: ['payload', 'rawBody'],
    properties: { payload: true, rawBody: { type: 'string' } },
    description: 'As stored, with the body as text (`rawBody`) and the gateway’s JSON (`payload`).',
  },
};

const resolution = {
  type: 'object',
  description: 'What a re-run made of the delivery.',
  required: ['outcome', 'eventId', 'stream', 'resolvedAt', 'correlationId'],
  additionalProperties: false,
  properties: {
    outcome: { enum: ['accepted', 'duplicate'] },
    eventId: ref('Uuid'),
    stream: { type: 'string' },
    resolvedAt: ref('Instant'),
    correlationId: { type: 'string' },
  },
};

/** Payment histories straight from the event store, and the deliveries kept beside them. */
export const historySchemas: Record<string, Schema> = {
  PaymentEventData: {
    type: 'object',
    description:
      'The canonical facts of one gateway event and its body, kept once: as `rawBody` or `rawBodyBase64`, as stored (events stored before the body was kept once have `payload` and `rawBody` both). Exports carry it as stored, since the chain hashes that; the history adds `payload` and `rawBody` to every event. Fields besides these may appear in events stored by other versions of payledger.',
    required: [
      'gateway',
      'gatewayEventId',
      'gatewayEventType',
      'paymentId',
      'orderId',
      'status',
      'amount',
      'currency',
      'occurredAt',
      'receivedAt',
    ],
    properties: {
      gateway: ref('Gateway'),
      gatewayEventId: { type: 'string' },
      gatewayEventType: { type: 'string' },
      paymentId: { type: 'string' },
      orderId: nullableString,
      status: ref('PaymentStatus'),
      amount: ref('MinorUnits'),
      currency: ref('Currency'),
      refundedAmount: { anyOf: [ref('MinorUnits'), { type: 'null' }] },
      refundId: nullableString,
      occurredAt: { type: 'string', description: 'The gateway’s event time, as it stated it.' },
      receivedAt: ref('Instant'),
      payload: {
        description:
          'The gateway’s JSON, parsed from the signed body (null if it is not JSON). Stored only by events kept before the body was kept once.',
      },
      rawBody: {
        type: 'string',
        description:
          'The signed body as UTF-8 text: stored when escaping it takes no more bytes than base64 would, else decoded from `rawBodyBase64`.',
      },
      rawBodyBase64: {
        type: 'string',
        contentEncoding: 'base64',
        description:
          'The signed body’s bytes, stored as base64 instead of `rawBody` when that is smaller (compact JSON of very short strings).',
      },
    },
  },
  PaymentEventMetadata: {
    type: 'object',
    required: ['signatureScheme', 'secretIndex', 'rawBodySha256', 'correlationId'],
    properties: {
      signatureScheme: { type: 'string' },
      secretIndex: {
        type: 'integer',
        minimum: 0,
        description: 'Index of the configured secret that matched (never the secret).',
      },
      rawBodySha256: ref('Sha256'),
      correlationId: { type: 'string' },
      chain: {
        type: 'object',
        description:
          'Hash-chain values: `prev` is the chain value of the event before (the genesis value for the first), `hash` this event’s. Absent on events stored before chaining.',
        required: ['v', 'prev', 'hash'],
        additionalProperties: false,
        properties: { v: { const: 1 }, prev: ref('Sha256'), hash: ref('Sha256') },
      },
    },
  },
  HistoryEvent: {
    type: 'object',
    required: Object.keys(historyEventFields),
    additionalProperties: false,
    properties: historyEventFields,
  },
  History: {
    type: 'object',
    required: ['stream', 'events', 'deliveries'],
    additionalProperties: false,
    properties: {
      stream: { type: 'string', description: '`payment-<gateway>:<paymentId>`.' },
      events: { type: 'array', items: ref('HistoryEvent'), description: 'In stream order.' },
      deliveries: {
        type: 'array',
        items: ref('Delivery'),
        description:
          'Quarantined and ignored deliveries that name this payment, oldest first: what came in about it and did not become one of its events.',
      },
    },
  },
  ExportLine: {
    description:
      'One line of an NDJSON export, in this order: the header, the events, one head per stream, the trailer (a file without it was cut off).',
    oneOf: [ref('ExportHeader'), ref('ExportEvent'), ref('ExportStreamHead'), ref('ExportTrailer')],
  },
  ExportEvent: {
    type: 'object',
    description:
      'An event of an NDJSON export and its stream, its `data` exactly as stored (what its chain hash covers).',
    required: ['stream', ...Object.keys(eventFields)],
    additionalProperties: false,
    properties: { stream: { type: 'string' }, ...eventFields },
  },
  Delivery: {
    type: 'object',
    description: 'A verified delivery kept without becoming a payment event.',
    required: [
      'id',
      'kind',
      'gateway',
      'reason',
      'paymentId',
      'eventType',
      'deliveryId',
      'receivedAt',
      'rawBody',
      'rawBodySha256',
      'verification',
      'correlationId',
      'resolution',
    ],
    additionalProperties: false,
    properties: {
      id: {
        type: 'string',
        pattern: '^(quarantined|ignored):[a-z0-9_-]+:[0-9a-f]{64}$',
        description: '`<kind>:<gateway>:<key>`.',
      },
      kind: { enum: [...DELIVERY_KINDS] },
      gateway: ref('Gateway'),
      reason: { type: 'string' },
      paymentId: { ...nullableString, description: 'The payment it names, where readable.' },
      eventType: { ...nullableString, description: 'The gateway’s event type, where readable.' },
      deliveryId: { ...nullableString, description: 'The gateway’s delivery id header.' },
      receivedAt: ref('Instant'),
      rawBody: {
        type: 'object',
        description: 'The kept bytes: as text when they are UTF-8, else base64.',
        required: ['encoding', 'data'],
        additionalProperties: false,
        properties: { encoding: { enum: ['utf8', 'base64'] }, data: { type: 'string' } },
      },
      rawBodySha256: ref('Sha256'),
      verification: {
        type: 'object',
        required: ['scheme', 'secretIndex'],
        additionalProperties: false,
        properties: {
          scheme: { type: 'string' },
          secretIndex: { type: 'integer', minimum: 0 },
        },
      },
      correlationId: { type: 'string' },
      resolution: { anyOf: [resolution, { type: 'null' }] },
    },
  },
  DeliveryPage: pageOf('Delivery'),
  ReplayResult: {
    type: 'object',
    description:
      '`accepted` or `duplicate` resolve the delivery (with `dryRun`, say what would happen); `ignored` or `invalid` leave it open; `already_resolved` names the earlier re-run.',
    required: ['id', 'dryRun', 'outcome'],
    properties: {
      id: { type: 'string' },
      dryRun: { type: 'boolean' },
      outcome: { enum: ['accepted', 'duplicate', 'ignored', 'invalid', 'already_resolved'] },
    },
    oneOf: [
      {
        required: ['eventId', 'stream'],
        additionalProperties: false,
        properties: {
          id: true,
          dryRun: true,
          outcome: { enum: ['accepted', 'duplicate'] },
          eventId: ref('Uuid'),
          stream: { type: 'string' },
        },
      },
      {
        required: ['reason'],
        additionalProperties: false,
        properties: {
          id: true,
          dryRun: true,
          outcome: { enum: ['ignored', 'invalid'] },
          reason: { type: 'string' },
        },
      },
      {
        required: ['resolution'],
        additionalProperties: false,
        properties: {
          id: true,
          dryRun: true,
          outcome: { const: 'already_resolved' },
          resolution,
        },
      },
    ],
  },
};
