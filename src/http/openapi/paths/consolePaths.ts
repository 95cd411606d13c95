import { CONSOLE_SECURITY_HEADERS } from '../../console/securityHeaders.js';
import { errorResponses, keyedOperation, ok, pathParameter } from '../openApiHelpers.js';
import type { Operation, Paths, ResponseObject } from '../openApiTypes.js';

/** What `/console` sends with every answer, 404s included (see `securityHeaders.ts`). */
const securityHeaders = Object.fromEntries(
  Object.keys(CONSOLE_SECURITY_HEADERS).map((name) => [
    name,
    { required: true, description: 'The console’s security policy.', schema: { type: 'string' } },
  ]),
);

const file = { schema: { type: 'string' } };

const withSecurityHeaders = (response: ResponseObject | undefined): ResponseObject => ({
  description: response?.description ?? '',
  ...response,
  headers: { ...response?.headers, ...securityHeaders },
});

function consoleOperation(operationId: string, summary: string, greedy: boolean): Operation {
  const errors = errorResponses(['not_found', 'console_not_built']);
  return {
    operationId,
    summary,
    description:
      'The web console: `index.html` for the console’s own pages (so links and reloads work), a built file by its exact path, 404 `not_found` for any other file. No token is needed to load it; it signs in with one. Only GET (and HEAD); other methods answer 405 with `Allow: GET`.',
    tags: ['console'],
    parameters: [
      {
        name: 'state',
        in: 'query',
        description:
          'Any query: the console’s own page state (search filters, a page cursor); the service does not read it.',
        schema: { type: 'object', additionalProperties: { type: 'string' } },
      },
      ...(greedy
        ? [
            {
              ...pathParameter(
                'path',
                'A console page (`payments/stripe/pi_…`) or a built file (`assets/index-….js`); it may hold slashes, and be empty (`/console/`).',
                { type: 'string' },
              ),
              'x-payledger-greedy': true,
            },
          ]
        : []),
    ],
    responses: {
      '200': withSecurityHeaders({
        description: 'The page or file.',
        content: {
          'text/html': file,
          'text/javascript': file,
          'text/css': file,
          'image/svg+xml': file,
          'image/png': file,
          'application/json': { schema: {} },
          'text/plain': file,
          'font/woff2': file,
          'application/octet-stream': file,
        },
      }),
      '304': withSecurityHeaders({ description: 'Not modified (the `ETag` matched).' }),
      '404': withSecurityHeaders(errors['404']),
      '500': errors['500'] ?? { description: 'Internal error.' },
    },
  };
}

export const consolePaths: Paths = {
  '/session': {
    get: keyedOperation({
      operationId: 'getSession',
      summary: 'The role of the bearer token',
      description: 'So a client (the console) knows what to offer. Never cached.',
      tags: ['console'],
      roles: ['auditor', 'analyst', 'admin'],
      responses: {
        '200': ok('The role.', {
          type: 'object',
          required: ['role'],
          additionalProperties: false,
          properties: { role: { enum: ['auditor', 'analyst', 'admin'] } },
        }),
      },
      errors: [],
    }),
  },
  '/console': { get: consoleOperation('getConsole', 'The web console', false) },
  '/console/{path}': {
    get: consoleOperation('getConsoleFile', 'A console page or built file', true),
  },
};
