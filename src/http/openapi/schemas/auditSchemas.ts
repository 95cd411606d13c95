import { ref } from '../openApiHelpers.js';
import type { Schema } from '../openApiTypes.js';

/** Digests and chain checks. */
export const auditSchemas: Record<string, Schema> = {
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
  ChainCheck: {
    type: 'object',
    description:
      'The hash-chain check of one payment stream, as `payledger verify --payment` runs it.',
    required: ['stream', 'events', 'intact', 'unchainedPrefix', 'head', 'problems'],
    additionalProperties: false,
    properties: {
      stream: { type: 'string' },
      events: { type: 'integer', minimum: 1 },
      intact: { type: 'boolean' },
      unchainedPrefix: {
        type: 'integer',
        minimum: 0,
        description: 'Events at the start written before chaining (not a problem).',
      },
      head: {
        description: 'The last event and its chain value: the stream’s digest leaf.',
        anyOf: [
          {
            type: 'object',
            required: ['revision', 'hash'],
            additionalProperties: false,
            properties: { revision: ref('UnsignedDecimal'), hash: ref('Sha256') },
          },
          { type: 'null' },
        ],
      },
      problems: {
        type: 'array',
        items: {
          type: 'object',
          required: ['revision', 'kind', 'detail'],
          additionalProperties: false,
          properties: {
            revision: { ...ref('UnsignedDecimal'), description: 'Where the problem shows.' },
            kind: { enum: ['altered', 'missing', 'reordered', 'inserted'] },
            detail: { type: 'string' },
            eventId: { ...ref('Uuid'), description: 'The event stored at that revision, if any.' },
          },
        },
      },
    },
  },
  ExportHeader: {
    type: 'object',
    description: 'The first line of an NDJSON export: what was asked for.',
    required: ['payledgerExport'],
    additionalProperties: false,
    properties: {
      payledgerExport: {
        type: 'object',
        required: ['version', 'exportedAt', 'filter', 'chainedSince'],
        additionalProperties: false,
        properties: {
          version: { const: 1 },
          exportedAt: ref('Instant'),
          filter: {
            type: 'object',
            description: 'The filter as given; an absent key was not filtered on.',
            additionalProperties: false,
            properties: {
              from: ref('Instant'),
              to: ref('Instant'),
              gateway: { type: 'string' },
            },
          },
          chainedSince: {
            type: ['string', 'null'],
            pattern: '^\\d+$',
            description:
              'The log position of the first digest, by which chaining had begun; null before any digest.',
          },
        },
      },
    },
  },
  ExportStreamHead: {
    type: 'object',
    description: 'After the events, one per exported stream: where the export began and ended it.',
    required: ['exportHead'],
    additionalProperties: false,
    properties: {
      exportHead: {
        type: 'object',
        required: ['stream', 'firstRevision', 'revision', 'hash', 'events'],
        additionalProperties: false,
        properties: {
          stream: { type: 'string' },
          firstRevision: ref('UnsignedDecimal'),
          revision: ref('UnsignedDecimal'),
          hash: { ...ref('Sha256'), description: 'The chain value at `revision`.' },
          events: { type: 'integer', minimum: 1 },
        },
      },
    },
  },
  ExportTrailer: {
    type: 'object',
    description: 'The last line of an NDJSON export: how much it holds and how far it read.',
    required: ['payledgerExportEnd'],
    additionalProperties: false,
    properties: {
      payledgerExportEnd: {
        type: 'object',
        required: ['events', 'streams', 'scannedThrough'],
        additionalProperties: false,
        properties: {
          events: { type: 'integer', minimum: 0 },
          streams: { type: 'integer', minimum: 0 },
          scannedThrough: {
            description: 'The log position read through; null for an empty log.',
            oneOf: [ref('Position'), { type: 'null' }],
          },
        },
      },
    },
  },
};
