import type { JsonValue } from '../../../domain/paymentEvent.js';
import type { NormalizeResult } from '../../gateway.js';
import { describeIssues, ignored, invalid, toPaymentResult } from '../paymentFacts.js';
import { stripeReaderFor, type StripeFacts } from './readStripeObject.js';
import { stripeAmountToMinorUnits } from './stripeAmount.js';
import { stripeEventSchema } from './stripePayload.js';

/**
 * Pure: a verified Stripe event → canonical payment facts. Every event is keyed by its
 * PaymentIntent (`pi_…`), also charge, refund and dispute events, so one payment never splits
 * into a `ch_` and a `pi_` stream. An object without a PaymentIntent (a legacy Charges-API
 * payment) is `invalid`: it cannot join its payment's stream, and quarantine keeps it for an
 * operator instead of dropping it.
 */
export function normalizeStripeEvent(payload: JsonValue, now: Date): NormalizeResult {
  const parsedEvent = stripeEventSchema.safeParse(payload);
  if (!parsedEvent.success) return invalid(describeIssues(parsedEvent.error));
  const event = parsedEvent.data;
  const read = stripeReaderFor(event.type);
  if (!read) return ignored(`Stripe event ${event.type} does not change a payment's status`);
  const reading = read(event.data.object, event.type);
  if ('error' in reading) return invalid(reading.error);
  if ('ignore' in reading) return ignored(reading.ignore);
  if (!reading.paymentIntent)
    return invalid(`${event.type} has no payment_intent to key its payment by`);
  return toPaymentResult(
    {
      gatewayEventId: event.id,
      gatewayEventType: event.type,
      paymentId: reading.paymentIntent,
      orderId: orderIdOf(reading.metadata),
      status: reading.status,
      currency: reading.currency,
      amount: reading.amount,
      refundedAmount: reading.refundedAmount,
      refundId: reading.refundId,
      ...(reading.dispute ? { dispute: reading.dispute } : {}),
      occurredAt: event.created,
    },
    (value, currency) =>
      typeof value === 'number' ? stripeAmountToMinorUnits(value, currency) : undefined,
    now,
  );
}

/** Stripe has no orders; merchants conventionally put theirs in `metadata.order_id`. */
function orderIdOf(metadata: StripeFacts['metadata']): string | null {
  const orderId = metadata?.['order_id'];
  return typeof orderId === 'string' && orderId.length > 0 ? orderId : null;
}
