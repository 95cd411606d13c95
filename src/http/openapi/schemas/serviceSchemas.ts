import { ref } from '../openApiHelpers.js';
import type { Schema } from '../openApiTypes.js';

/** Webhook answers, digests, health. */
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
  DigestAnswer: {
    type: 'object',
    required: ['digest', 'howToCheck'],
    additionalProperties: false,
    properties: {
      digest: {
        type: 'object',
        required: ['body', 'hash', 'signature'],
        additionalProperties: false,
        properties: {
          body: {
            type: 'object',
            required: [
              'version',
              'sequence',
              'createdAt',
              'upTo',
              'streams',
              'events',
              'root',
              'previous',
              'leaves',
            ],
            additionalProperties: false,
            properties: {
              version: { const: 1 },
              sequence: { type: 'integer', minimum: 0 },
              createdAt: ref('Instant'),
              upTo: { ...ref('Position'), description: 'The last payment event it covers.' },
              streams: { type: 'integer', minimum: 0 },
              events: { type: 'integer', minimum: 0 },
              root: { ...ref('Sha256'), description: 'RFC 6962 Merkle root over the heads.' },
              previous: { anyOf: [ref('Sha256'), { type: 'null' }] },
              leaves: {
                anyOf: [
                  {
                    type: 'object',
                    required: ['fromRevision', 'toRevision'],
                    additionalProperties: false,
                    properties: {
                      fromRevision: ref('UnsignedDecimal'),
                      toRevision: ref('UnsignedDecimal'),
                    },
                  },
                  { type: 'null' },
                ],
              },
            },
          },
          hash: { ...ref('Sha256'), description: 'SHA-256 of the body’s canonical JSON.' },
          signature: {
            anyOf: [
              {
                type: 'object',
                required: ['algorithm', 'publicKey', 'keyId', 'value'],
                additionalProperties: false,
                properties: {
                  algorithm: { const: 'Ed25519' },
                  publicKey: { type: 'string', description: 'SPKI, PEM.' },
                  keyId: { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' },
                  value: { type: 'string', contentEncoding: 'base64' },
                },
              },
              { type: 'null' },
            ],
          },
        },
      },
      howToCheck: { type: 'array', items: { type: 'string' } },
      proof: {
        description: 'With `?payment=`: the stream’s leaf and the path to the root, or null.',
        anyOf: [
          {
            type: 'object',
            required: ['leaf', 'index', 'path'],
            additionalProperties: false,
            properties: {
              leaf: {
                type: 'object',
                required: ['stream', 'revision', 'hash'],
                additionalProperties: false,
                properties: {
                  stream: { type: 'string' },
                  revision: ref('UnsignedDecimal'),
                  hash: ref('Sha256'),
                },
              },
              index: { type: 'integer', minimum: 0 },
              path: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['side', 'hash'],
                  additionalProperties: false,
                  properties: { side: { enum: ['left', 'right'] }, hash: ref('Sha256') },
                },
              },
            },
          },
          { type: 'null' },
        ],
      },
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
