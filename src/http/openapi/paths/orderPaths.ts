import { keyedOperation, ok, pathParameter, queryParameter, ref } from '../openApiHelpers.js';
import type { Paths } from '../openApiTypes.js';

export const orderPaths: Paths = {
  '/orders/{orderId}': {
    get: keyedOperation({
      operationId: 'getOrder',
      summary: 'An order, through the payments that name it',
      tags: ['orders'],
      roles: ['auditor', 'analyst', 'admin'],
      parameters: [pathParameter('orderId', 'The order id the payments carry.')],
      responses: { '200': ok('The order.', ref('Order')) },
      errors: ['order_not_found', 'store_unavailable'],
    }),
  },
  '/reports/daily': {
    get: keyedOperation({
      operationId: 'getDailyReport',
      summary: 'Daily totals',
      description: 'Per UTC day, gateway, currency and status: count and amount.',
      tags: ['reports'],
      roles: ['analyst', 'admin'],
      parameters: [
        queryParameter('from', 'First day (inclusive).', ref('Day')),
        queryParameter('to', 'Last day (inclusive).', ref('Day')),
      ],
      responses: { '200': ok('The rows.', ref('DailyReport')) },
      errors: ['invalid_query', 'store_unavailable'],
    }),
  },
};
