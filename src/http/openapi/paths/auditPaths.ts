import { CSV_COLUMNS, EXPORT_FORMATS } from '../../../audit/export/exportFormats.js';
import { keyedOperation, ok, queryParameter, ref } from '../openApiHelpers.js';
import type { Paths } from '../openApiTypes.js';

export const auditPaths: Paths = {
  '/audit/digest': {
    get: keyedOperation({
      operationId: 'getLatestDigest',
      summary: 'The latest digest over every payment stream',
      description:
        'Keep the whole answer outside payledger; `payledger verify --digest <file>` later proves the log still holds what it held then. With `payment`, the answer adds that stream’s Merkle proof.',
      tags: ['audit'],
      roles: ['auditor', 'admin'],
      parameters: [
        queryParameter('payment', '`<gateway>:<paymentId>`: add its Merkle proof.', {
          type: 'string',
          pattern: '^[a-z0-9_-]{1,32}:.+$',
        }),
      ],
      responses: { '200': ok('The digest.', ref('DigestAnswer')) },
      errors: ['invalid_query', 'digest_not_found', 'store_unavailable'],
    }),
  },
  '/audit/export': {
    get: keyedOperation({
      operationId: 'exportEvents',
      summary: 'Every payment event with its chain values, streamed',
      description: `Verifiable offline with \`payledger verify --file\`. NDJSON: one \`ExportLine\` (see components) per line: a header, the events, one head per stream, a trailer. CSV (RFC 4180) columns: ${CSV_COLUMNS.map((column) => `\`${column}\``).join(', ')}, one row per event, then an end row (\`# end of export\` in \`stream\`, the trailer as JSON in \`data\`). A file without its trailer or end row was cut off. A store failure after the first bytes ends the stream early (the file then fails to verify).`,
      tags: ['audit'],
      roles: ['auditor', 'admin'],
      parameters: [
        queryParameter('format', 'Output format.', {
          enum: [...EXPORT_FORMATS],
          default: 'ndjson',
        }),
        queryParameter('from', 'Events recorded at or after (ISO date or time).', ref('TimeBound')),
        queryParameter(
          'to',
          'Events recorded at or before; a date includes that whole day (UTC).',
          ref('TimeBound'),
        ),
        queryParameter('gateway', 'Only this gateway’s streams.', {
          type: 'string',
          pattern: '^[a-z0-9_-]{1,32}$',
        }),
      ],
      responses: {
        '200': {
          description: 'The export, as an attachment.',
          headers: {
            'Content-Disposition': {
              required: true,
              description: '`attachment; filename="payledger-export-<day>.<format>"`.',
              schema: { type: 'string' },
            },
          },
          content: {
            'application/x-ndjson': { schema: { type: 'string' } },
            'text/csv': { schema: { type: 'string' } },
          },
        },
      },
      errors: ['invalid_query', 'store_unavailable'],
    }),
  },
};
