import type { z } from 'zod';
import type { PaymentStatus } from '../../../domain/paymentStatus.js';
import { describeIssues } from '../paymentFacts.js';
import {
  stripeChargeSchema,
  stripeDisputeSchema,
  stripePaymentIntentSchema,
  stripeRefundSchema,
  type StripeCharge,
  type StripeDispute,
  type StripePaymentIntent,
  type StripeRefund,
} from './stripePayload.js';

/** What an event says about its payment, before the shared checks. */
export interface StripeFacts {
  readonly paymentIntent: string | null | undefined;
  readonly status: PaymentStatus;
  readonly amount: number;
  readonly currency: string;
  readonly refundedAmount: number | null;
  readonly refundId: string | null;
  readonly metadata: Readonly<Record<string, unknown>> | null | undefined;
}
type Reading = StripeFacts | { readonly ignore: string } | { readonly error: string };
type Reader = (object: Record<string, unknown>, type: string) => Reading;

const PAYMENT_INTENT_STATUS: Readonly<Record<string, PaymentStatus>> = {
  'payment_intent.created': 'pending',
  'payment_intent.processing': 'pending',
  'payment_intent.requires_action': 'pending',
  'payment_intent.partially_funded': 'pending',
  'payment_intent.amount_capturable_updated': 'authorized',
  'payment_intent.succeeded': 'captured',
  'payment_intent.payment_failed': 'failed',
  'payment_intent.canceled': 'canceled',
};

/** One reader per event type payledger records; every other type is `ignored`. */
const READERS: Readonly<Record<string, Reader>> = {
  ...Object.fromEntries(
    Object.keys(PAYMENT_INTENT_STATUS).map((type) => [type, readPaymentIntent]),
  ),
  ...Object.fromEntries(
    ['pending', 'succeeded', 'captured', 'failed', 'expired', 'refunded'].map((name) => [
      `charge.${name}`,
      readCharge,
    ]),
  ),
  ...Object.fromEntries(
    ['charge.refund.updated', 'refund.created', 'refund.updated', 'refund.failed'].map((type) => [
      type,
      readRefund,
    ]),
  ),
  ...Object.fromEntries(
    ['created', 'updated', 'closed', 'funds_withdrawn', 'funds_reinstated'].map((name) => [
      `charge.dispute.${name}`,
      readDispute,
    ]),
  ),
};

/**
 * The reader for an event type payledger records, or `undefined` for every other type. A reader
 * validates `data.object` and says what it means for the payment, in Stripe's own units.
 */
export function stripeReaderFor(type: string): Reader | undefined {
  // Own keys only: a type named "__proto__" would otherwise find Object.prototype.
  return Object.hasOwn(READERS, type) ? READERS[type] : undefined;
}

function readPaymentIntent(object: Record<string, unknown>, type: string): Reading {
  return parseThen(stripePaymentIntentSchema, object, (intent: StripePaymentIntent) => {
    const status = PAYMENT_INTENT_STATUS[type] ?? 'pending';
    // A partial capture receives less than the intent's amount; the capture is what was paid.
    const received = intent.amount_received ?? 0;
    const amount = status === 'captured' && received > 0 ? received : intent.amount;
    return facts(intent.id, status, amount, intent);
  });
}

function readCharge(object: Record<string, unknown>, type: string): Reading {
  return parseThen(stripeChargeSchema, object, (charge: StripeCharge) => {
    const captured = charge.amount_captured ?? 0;
    const capturedAmount = captured > 0 ? captured : charge.amount;
    switch (type) {
      case 'charge.pending':
        return facts(charge.payment_intent, 'pending', charge.amount, charge);
      case 'charge.succeeded':
        return charge.captured === false
          ? facts(charge.payment_intent, 'authorized', charge.amount, charge)
          : facts(charge.payment_intent, 'captured', capturedAmount, charge);
      case 'charge.captured':
        return facts(charge.payment_intent, 'captured', capturedAmount, charge);
      case 'charge.failed':
        return facts(charge.payment_intent, 'failed', charge.amount, charge);
      case 'charge.expired':
        return facts(charge.payment_intent, 'canceled', charge.amount, charge);
      default: {
        const refunded = charge.amount_refunded ?? 0;
        const status = refunded >= capturedAmount ? 'refunded' : 'partially_refunded';
        return {
          ...facts(charge.payment_intent, status, capturedAmount, charge),
          refundedAmount: refunded,
        };
      }
    }
  });
}

/**
 * A refund object does not state the payment's total, so a succeeded refund is recorded as
 * `partially_refunded` with its own id and amount; the projection sums refunds by id and
 * `charge.refunded` (which carries the total) settles full versus partial. A refund that has not
 * succeeded moved no money and is ignored.
 */
function readRefund(object: Record<string, unknown>): Reading {
  return parseThen(stripeRefundSchema, object, (refund: StripeRefund): Reading => {
    if (refund.status !== 'succeeded')
      return {
        ignore: `refund ${refund.id} is ${refund.status ?? 'without status'}, not succeeded`,
      };
    return {
      ...facts(refund.payment_intent, 'partially_refunded', refund.amount, refund),
      refundId: refund.id,
    };
  });
}

/** Won (or an inquiry closed without a chargeback) gives the money back: captured again. */
function readDispute(object: Record<string, unknown>, type: string): Reading {
  return parseThen(stripeDisputeSchema, object, (dispute: StripeDispute) => {
    const resolvedForMerchant =
      type === 'charge.dispute.funds_reinstated' ||
      (type === 'charge.dispute.closed' && ['won', 'warning_closed'].includes(dispute.status));
    const status = resolvedForMerchant ? 'captured' : 'disputed';
    return facts(dispute.payment_intent, status, dispute.amount, dispute);
  });
}

function facts(
  paymentIntent: string | null | undefined,
  status: PaymentStatus,
  amount: number,
  object: { readonly currency: string; readonly metadata?: StripeFacts['metadata'] },
): StripeFacts {
  return {
    paymentIntent,
    status,
    amount,
    currency: object.currency,
    refundedAmount: null,
    refundId: null,
    metadata: object.metadata,
  };
}

function parseThen<T>(
  schema: z.ZodType<T>,
  object: Record<string, unknown>,
  then: (value: T) => Reading,
): Reading {
  const parsed = schema.safeParse(object);
  return parsed.success
    ? then(parsed.data)
    : { error: `data.object: ${describeIssues(parsed.error)}` };
}
