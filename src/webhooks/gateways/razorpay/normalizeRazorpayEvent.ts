import { z } from 'zod';
import { toMinorUnits } from '../../../domain/money.js';
import type { JsonValue } from '../../../domain/paymentEvent.js';
import type { PaymentStatus } from '../../../domain/paymentStatus.js';
import type { NormalizeResult } from '../../gateway.js';
import {
  describeIssues,
  ignored,
  invalid,
  toPaymentResult,
  type PaymentFacts,
} from '../paymentFacts.js';
import {
  entityOf,
  razorpayDisputeSchema,
  razorpayEventSchema,
  razorpayOrderSchema,
  razorpayPaymentSchema,
  razorpayRefundSchema,
  type RazorpayEvent,
} from './razorpayPayload.js';

type Facts = Omit<PaymentFacts, 'gatewayEventId' | 'gatewayEventType' | 'occurredAt'>;
type Reading = Facts | { readonly ignore: string } | { readonly error: string };

const PAYMENT_STATUS: Readonly<Record<string, PaymentStatus>> = {
  'payment.authorized': 'authorized',
  'payment.captured': 'captured',
  // Not final: Razorpay documents payment.failed followed by payment.captured for the same
  // payment (late authorisation, UPI retries); the projection, not this mapping, orders them.
  'payment.failed': 'failed',
};

const paymentPayload = z.object({ payment: entityOf(razorpayPaymentSchema) });
const orderPaidPayload = paymentPayload.extend({ order: entityOf(razorpayOrderSchema) });
const refundPayload = z.object({
  refund: entityOf(razorpayRefundSchema),
  payment: entityOf(razorpayPaymentSchema).optional(),
});
const disputePayload = z.object({
  dispute: entityOf(razorpayDisputeSchema),
  payment: entityOf(razorpayPaymentSchema).optional(),
});

/**
 * Pure: a verified Razorpay event and its `x-razorpay-event-id` → canonical payment facts. Amounts
 * are already integer minor units (paise for INR). Refunds are recorded when `refund.processed`;
 * `refund.created` (not yet processed) and `refund.failed` move no money and are ignored.
 */
export function normalizeRazorpayEvent(
  payload: JsonValue,
  eventId: string,
  now: Date,
): NormalizeResult {
  const parsedEvent = razorpayEventSchema.safeParse(payload);
  if (!parsedEvent.success) return invalid(describeIssues(parsedEvent.error));
  const event = parsedEvent.data;
  const reading = read(event);
  if ('error' in reading) return invalid(reading.error);
  if ('ignore' in reading) return ignored(reading.ignore);
  return toPaymentResult(
    {
      ...reading,
      gatewayEventId: eventId,
      gatewayEventType: event.event,
      occurredAt: event.created_at,
    },
    (value) => (typeof value === 'number' ? toMinorUnits(value) : undefined),
    now,
  );
}

function read(event: RazorpayEvent): Reading {
  const type = event.event;
  // Own keys only: an event named "__proto__" would otherwise find Object.prototype.
  const paymentStatus = Object.hasOwn(PAYMENT_STATUS, type) ? PAYMENT_STATUS[type] : undefined;
  if (paymentStatus) {
    return parseThen(paymentPayload, event.payload, ({ payment: { entity: payment } }) =>
      paymentFacts(payment.id, payment.order_id, paymentStatus, payment.amount, payment.currency),
    );
  }
  if (type === 'order.paid') {
    return parseThen(orderPaidPayload, event.payload, ({ payment: { entity: payment }, order }) =>
      paymentFacts(payment.id, order.entity.id, 'captured', payment.amount, payment.currency),
    );
  }
  if (type === 'refund.processed') {
    return parseThen(refundPayload, event.payload, ({ refund: { entity: refund }, payment }) => {
      const totalRefunded = payment?.entity.amount_refunded ?? null;
      const fullyRefunded =
        totalRefunded !== null && totalRefunded >= (payment?.entity.amount ?? Infinity);
      return {
        ...paymentFacts(
          refund.payment_id,
          payment?.entity.order_id,
          fullyRefunded ? 'refunded' : 'partially_refunded',
          refund.amount,
          refund.currency,
        ),
        refundedAmount: totalRefunded,
        refundId: refund.id,
      };
    });
  }
  if (type.startsWith('payment.dispute.')) {
    return parseThen(disputePayload, event.payload, ({ dispute: { entity: dispute }, payment }) => {
      const status = type === 'payment.dispute.won' ? 'captured' : 'disputed';
      return paymentFacts(
        dispute.payment_id,
        payment?.entity.order_id,
        status,
        dispute.amount,
        dispute.currency,
      );
    });
  }
  return { ignore: `Razorpay event ${type} does not change a payment's status` };
}

function paymentFacts(
  paymentId: string,
  orderId: string | null | undefined,
  status: PaymentStatus,
  amount: number,
  currency: string,
): Facts {
  return {
    paymentId,
    orderId: orderId ?? null,
    status,
    amount,
    currency,
    refundedAmount: null,
    refundId: null,
  };
}

function parseThen<T>(
  schema: z.ZodType<T>,
  payload: unknown,
  then: (value: T) => Reading,
): Reading {
  const parsed = schema.safeParse(payload);
  return parsed.success ? then(parsed.data) : { error: `payload: ${describeIssues(parsed.error)}` };
}
