import { keyedOperation, ok, pathParameter, queryParameter, ref } from '../openApiHelpers.js';
import type { Paths } from '../openApiTypes.js';
import { asOfParameters } from './asOfParameters.js';
import { listPageParameters } from './listPageParameters.js';

const payment = [
  pathParameter('gateway', 'The gateway, e.g. `stripe`.'),
  pathParameter('paymentId', 'The gateway’s payment id (Stripe: the PaymentIntent `pi_…`).'),
];

export const paymentPaths: Paths = {
  '/payments': {
    get: keyedOperation({
      operationId: 'listPayments',
      summary: 'List and filter payments',
      description:
        'Most recent `lastEventAt` first. Follow `nextCursor` for the next page. Unknown or malformed parameters answer 400.',
      tags: ['payments'],
      roles: ['auditor', 'analyst', 'admin'],
      parameters: [
        queryParameter('status', 'Only payments in this status.', ref('PaymentStatus')),
        queryParameter('gateway', 'Only payments of this gateway.', {
          type: 'string',
          minLength: 1,
        }),
        queryParameter('currency', 'ISO 4217 code (any case).', {
          type: 'string',
          pattern: '^[A-Za-z]{3}$',
        }),
        queryParameter('orderId', 'Only payments naming this order.', {
          type: 'string',
          minLength: 1,
        }),
        ...listPageParameters,
      ],
      responses: { '200': ok('A page of payments.', ref('PaymentPage')) },
      errors: ['invalid_query', 'store_unavailable'],
    }),
  },
  '/payments/{gateway}/{paymentId}': {
    get: keyedOperation({
      operationId: 'getPayment',
      summary: 'A payment as the read model holds it, or as it stood at a moment',
      description:
        'Without `asOf`, the payments read model. With `asOf`, the same projection folded over the payment’s events recorded at or before that moment (with `effective=true`: the events the gateway dates at or before it, whenever they arrived); `version` and `lastGlobalPosition` are then those of the latest of the events counted. 404 `payment_not_found` when the payment has no events at all, `not_found_as_of` when it has none counted at that moment.',
      tags: ['payments', 'audit'],
      roles: ['auditor', 'analyst', 'admin'],
      parameters: [...payment, ...asOfParameters],
      responses: { '200': ok('The payment.', ref('Payment')) },
      errors: ['invalid_as_of', 'payment_not_found', 'not_found_as_of', 'store_unavailable'],
    }),
  },
  '/payments/{gateway}/{paymentId}/history': {
    get: keyedOperation({
      operationId: 'getPaymentHistory',
      summary: 'A payment’s events, straight from the event store',
      description:
        'Every event of the payment’s stream in order, with data and metadata (the hash chain under `metadata.chain`), and the quarantined and ignored deliveries that name the payment. 404 when neither exists.',
      tags: ['payments', 'audit'],
      roles: ['auditor', 'admin'],
      parameters: payment,
      responses: { '200': ok('The history.', ref('History')) },
      errors: ['payment_not_found', 'store_unavailable'],
    }),
  },
  '/payments/{gateway}/{paymentId}/deliveries': {
    get: keyedOperation({
      operationId: 'listPaymentDeliveries',
      summary: 'The kept deliveries that name a payment',
      description:
        'The same entries as the history’s `deliveries`, oldest first (for the console’s timeline). An empty list when there are none.',
      tags: ['payments', 'audit'],
      roles: ['auditor', 'admin'],
      parameters: payment,
      responses: {
        '200': ok('The deliveries.', {
          type: 'object',
          required: ['items'],
          additionalProperties: false,
          properties: { items: { type: 'array', items: ref('Delivery') } },
        }),
      },
      errors: ['store_unavailable'],
    }),
  },
  '/payments/{gateway}/{paymentId}/chain': {
    get: keyedOperation({
      operationId: 'checkPaymentChain',
      summary: 'The hash-chain check of a payment’s stream',
      tags: ['payments', 'audit'],
      roles: ['auditor', 'admin'],
      parameters: payment,
      responses: { '200': ok('The check.', ref('ChainCheck')) },
      errors: ['payment_not_found', 'store_unavailable'],
    }),
  },
};
