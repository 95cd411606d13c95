import { parseCurrencyCode } from '../../../domain/currency.js';
import { majorToMinorUnits, type MinorUnits } from '../../../domain/money.js';
import type { JsonValue } from '../../../domain/paymentEvent.js';
import type { PaymentStatus } from '../../../domain/paymentStatus.js';
import { isSafePaymentId } from '../../../domain/paymentStream.js';
import type { NormalizeResult } from '../../gateway.js';
import { checkOccurredAt } from '../../checkOccurredAt.js';
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
  if (!parsed.success) {
    return {
      kind: 'invalid',
      reason: parsed.error.issues
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; '),
    };
  }
  const { event, timestamp, data } = parsed.data;
  if (!event.startsWith('payment.'))
    return { kind: 'ignored', reason: `event ${event} is not about a payment` };

  const status = STATUS_WORDS[data.status.toLowerCase()];
  if (!status) return { kind: 'invalid', reason: `unknown payment status "${data.status}"` };
  if (!isSafePaymentId(data.paymentId))
    return { kind: 'invalid', reason: 'paymentId is empty, too long or has unsafe characters' };
  const currency = parseCurrencyCode(data.currency);
  if (!currency) return { kind: 'invalid', reason: `unknown currency "${data.currency}"` };
  const amount = majorToMinorUnits(data.amount, currency);
  if (amount === undefined)
    return { kind: 'invalid', reason: `amount ${data.amount} is not a valid ${currency} amount` };
  if (amount === 0 && status === 'captured')
    return { kind: 'invalid', reason: 'a capture of zero' };
  let refundedAmount: MinorUnits | null = null;
  if (data.refundedAmount !== undefined && data.refundedAmount !== null) {
    const refunded = majorToMinorUnits(data.refundedAmount, currency);
    if (refunded === undefined)
      return {
        kind: 'invalid',
        reason: `refundedAmount ${data.refundedAmount} is not a valid ${currency} amount`,
      };
    refundedAmount = refunded;
  }
  const occurredAt = checkOccurredAt(timestamp, now);
  if (!occurredAt.ok) return { kind: 'invalid', reason: occurredAt.reason };

  return {
    kind: 'payment',
    payment: {
      gatewayEventId: webhookId,
      gatewayEventType: event,
      paymentId: data.paymentId,
      orderId: data.orderId ?? null,
      status,
      amount,
      currency,
      refundedAmount,
      refundId: data.refundId ?? null,
      occurredAt: occurredAt.iso,
    },
  };
}
