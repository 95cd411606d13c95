import { majorToMinorUnits } from '../../../domain/money.js';
import type { JsonValue } from '../../../domain/paymentEvent.js';
import type { PaymentStatus } from '../../../domain/paymentStatus.js';
import type { NormalizeResult } from '../../gateway.js';
import { describeIssues, ignored, invalid, toPaymentResult } from '../paymentFacts.js';
import { genericPayloadSchema } from './genericPayload.js';

/** The sender's status words; `completed` is the article's word for a capture. */
const STATUS_WORDS: Readonly<Record<string, PaymentStatus>> = {
  pending: 'pending',
  created: 'pending',
  authorized: 'authorized',
  completed: 'captured',
  captured: 'captured',
  succeeded: 'captured',
  failed: 'failed',
  canceled: 'canceled',
  cancelled: 'canceled',
  refunded: 'refunded',
  partially_refunded: 'partially_refunded',
  disputed: 'disputed',
};

/** Pure: a verified generic payload and its `webhook-id` → the canonical payment facts. */
export function normalizeGenericEvent(
  payload: JsonValue,
  webhookId: string,
  now: Date,
): NormalizeResult {
  const parsed = genericPayloadSchema.safeParse(payload);
  if (!parsed.success) return invalid(describeIssues(parsed.error));
  const { event, timestamp, data } = parsed.data;
  if (!event.startsWith('payment.')) return ignored(`event ${event} is not about a payment`);
  const word = data.status.toLowerCase();
  // Own keys only: "__proto__" or "constructor" must not find Object.prototype's members.
  const status = Object.hasOwn(STATUS_WORDS, word) ? STATUS_WORDS[word] : undefined;
  if (!status) return invalid(`unknown payment status "${data.status}"`);
  return toPaymentResult(
    {
      gatewayEventId: webhookId,
      gatewayEventType: event,
      paymentId: data.paymentId,
      orderId: data.orderId ?? null,
      status,
      currency: data.currency,
      amount: data.amount,
      refundedAmount: data.refundedAmount ?? null,
      refundId: data.refundId ?? null,
      occurredAt: timestamp,
    },
    majorToMinorUnits,
    now,
  );
}
