import { STATUS_CODES } from 'node:http';
import type { Role } from '../../config/config.js';
import type { AppErrorCode } from '../../errors/appError.js';
import { ERROR_STATUS } from '../errorStatus.js';
import type { MediaType, Operation, Parameter, ResponseObject, Schema } from './openApiTypes.js';

/** The codes an answer's `error` can hold: every AppError's, and the catch-all 500's. */
export type ErrorCode = AppErrorCode | 'internal_error';

export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

export const json = (schema: Schema): Record<string, MediaType> => ({
  'application/json': { schema },
});

export const ok = (description: string, schema: Schema): ResponseObject => ({
  description,
  content: json(schema),
});

const RETRY_AFTER = {
  required: true,
  description: 'Seconds to wait before trying again.',
  schema: { type: 'string', pattern: '^\\d+$' },
};

const statusOf = (code: ErrorCode): number =>
  code === 'internal_error' ? 500 : ERROR_STATUS[code];

/**
 * One response per status among `codes` (grouped through `ERROR_STATUS`, the same map the error
 * middleware uses, so a code is always documented under the status it is answered with), each an
 * `Error` body whose `error` is one of that status's codes. A 500 `internal_error` is always
 * added: any operation can meet a bug.
 */
export function errorResponses(codes: readonly ErrorCode[]): Record<string, ResponseObject> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set<ErrorCode>([...codes, 'internal_error'])) {
    const status = statusOf(code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<string, ResponseObject> = {};
  for (const [status, group] of [...byStatus].sort(([a], [b]) => a - b)) {
    const headers =
      status === 429 || status === 503
        ? { 'Retry-After': RETRY_AFTER }
        : status === 405
          ? {
              Allow: {
                required: true,
                description: 'The methods the path accepts.',
                schema: { type: 'string' },
              },
            }
          : undefined;
    responses[String(status)] = {
      description: `${STATUS_CODES[status] ?? 'Error'}: ${group.map((code) => `\`${code}\``).join(', ')}.`,
      ...(headers ? { headers } : {}),
      content: json({ ...ref('Error'), type: 'object', properties: { error: { enum: group } } }),
    };
  }
  return responses;
}

export interface KeyedOperationSpec {
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly roles: readonly Role[];
  readonly parameters?: readonly Parameter[];
  readonly responses: Readonly<Record<string, ResponseObject>>;
  /** Error codes besides those of the key check (`unauthorized`, `forbidden`, `too_many_attempts`). */
  readonly errors: readonly ErrorCode[];
}

/** An operation behind an API key: bearer security, its roles and the key check's answers. */
export function keyedOperation(spec: KeyedOperationSpec): Operation {
  const { roles, errors, responses, description, parameters, ...rest } = spec;
  return {
    ...rest,
    description: `Roles: ${roles.map((role) => `\`${role}\``).join(', ')}.${description ? ` ${description}` : ''}`,
    ...(parameters ? { parameters } : {}),
    security: [{ bearerAuth: [] }],
    'x-payledger-roles': roles,
    responses: {
      ...responses,
      ...errorResponses(['unauthorized', 'forbidden', 'too_many_attempts', ...errors]),
    },
  };
}

/** `{ items, nextCursor }`: a page of a cursor-paged list. */
export const pageOf = (item: string): Schema => ({
  type: 'object',
  required: ['items', 'nextCursor'],
  additionalProperties: false,
  properties: { items: { type: 'array', items: ref(item) }, nextCursor: ref('Cursor') },
});

export const pathParameter = (name: string, description: string, schema?: Schema): Parameter => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: schema ?? { type: 'string', minLength: 1 },
});

export const queryParameter = (name: string, description: string, schema: Schema): Parameter => ({
  name,
  in: 'query',
  description,
  schema,
});
