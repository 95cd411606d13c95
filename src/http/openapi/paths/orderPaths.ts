import { ORDER_STATUSES } from '../../../readModels/orderDocument.js';
import { keyedOperation, ok, pathParameter, queryParameter, ref } from '../openApiHelpers.js';
import type { Paths } from '../openApiTypes.js';
import { asOfParameters } from './asOfParameters.js';
import { listPageParameters } from './listPageParameters.js';

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
          enum: [...ORDER_STATUSES],
        }),
        ...listPageParameters,
      ],
      responses: { '200': ok('A page of orders.', ref('OrderPage')) },
      errors: ['invalid_query', 'store_unavailable'],
    }),
  },
  '/orders/{orderId}': {
    get: keyedOperation({
      operationId: 'getOrder',
      summary: 'An order, through the payments that name it, now or at a moment',
      description:
        'Without `asOf`, the orders read model. With `asOf`, the orders projection folded over the events (recorded, or with `effective=true` dated by the gateway, at or before that moment) of the payments the order lists now. A payment that named the order once and names another order now is not counted (neither read model keeps the orders a payment named before). 404 `order_not_found` when no payment names the order now, `not_found_as_of` when none of them named it at that moment.',
      tags: ['orders', 'audit'],
      roles: ['auditor', 'analyst', 'admin'],
      parameters: [pathParameter('orderId', 'The order id the payments carry.'), ...asOfParameters],
      responses: { '200': ok('The order.', ref('Order')) },
      errors: ['invalid_as_of', 'order_not_found', 'not_found_as_of', 'store_unavailable'],
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
