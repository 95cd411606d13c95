import { keyedOperation, ok, pathParameter, queryParameter, ref } from '../openApiHelpers.js';
import type { Paths } from '../openApiTypes.js';

export const orderPaths: Paths = {
  '/orders': {
    get: keyedOperation({
      operationId: 'listOrders',
      summary: 'List and filter orders',
      description:
        'The `orders` read model, most recent `lastEventAt` first. Follow `nextCursor` for the next page. Unknown or malformed parameters answer 400.',
      tags: ['orders'],
      roles: ['auditor', 'analyst', 'admin'],
      parameters: [
        queryParameter('status', 'Only orders in this status.', {
          type: 'string',
          enum: [
            'pending',
            'paid',
            'partially_refunded',
            'refunded',
            'disputed',
            'failed',
            'canceled',
          ],
        }),
        queryParameter('from', 'Inclusive lower bound on `lastEventAt`.', ref('TimeBound')),
        queryParameter('to', 'Inclusive upper bound on `lastEventAt`.', ref('TimeBound')),
        queryParameter('limit', 'Page size.', {
          type: 'integer',
          minimum: 1,
          maximum: 500,
          default: 50,
        }),
        queryParameter('cursor', 'From the previous page’s `nextCursor`.', {
          type: 'string',
          minLength: 1,
        }),
      ],
      responses: { '200': ok('A page of orders.', ref('OrderPage')) },
      errors: ['invalid_query', 'store_unavailable'],
    }),
  },
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
