import { errorResponses, json, ok, ref } from '../openApiHelpers.js';
import type { Paths } from '../openApiTypes.js';

export const servicePaths: Paths = {
  '/healthz': {
    get: {
      operationId: 'getHealth',
      summary: 'Liveness: the process answers',
      tags: ['service'],
      responses: { '200': ok('Alive.', ref('Health')), ...errorResponses([]) },
    },
  },
  '/readyz': {
    get: {
      operationId: 'getReadiness',
      summary: 'Readiness: the stores answer and the projection is not failing',
      tags: ['service'],
      responses: {
        '200': ok('Ready, with each check’s details.', ref('Readiness')),
        '503': {
          description: 'Not ready: the failing checks say why.',
          headers: {
            'Retry-After': {
              required: true,
              description: 'Seconds to wait before asking again.',
              schema: { type: 'string', pattern: '^\\d+$' },
            },
          },
          content: json(ref('Readiness')),
        },
        ...errorResponses([]),
      },
    },
  },
  '/metrics': {
    get: {
      operationId: 'getMetrics',
      summary: 'Prometheus metrics',
      tags: ['service'],
      responses: {
        '200': {
          description: 'Prometheus text exposition format.',
          content: { 'text/plain': { schema: { type: 'string' } } },
        },
        ...errorResponses([]),
      },
    },
  },
  '/openapi.json': {
    get: {
      operationId: 'getOpenApi',
      summary: 'This description (OpenAPI 3.1)',
      tags: ['service'],
      responses: {
        '200': ok('The document.', {
          type: 'object',
          required: ['openapi', 'info', 'paths', 'components'],
          properties: {
            openapi: { const: '3.1.0' },
            info: { type: 'object' },
            paths: { type: 'object' },
            components: { type: 'object' },
          },
        }),
        ...errorResponses([]),
      },
    },
  },
};
