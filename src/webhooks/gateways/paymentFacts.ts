import { parseCurrencyCode, type CurrencyCode } from '../../domain/currency.js';
import type { MinorUnits } from '../../domain/money.js';
import type { DisputeFacts } from '../../domain/paymentEvent.js';
import type { PaymentStatus } from '../../domain/paymentStatus.js';
import { isSafePaymentId } from '../../domain/paymentStream.js';
import { checkOccurredAt } from '../checkOccurredAt.js';
import type { NormalizeResult } from '../gateway.js';

/** A gateway's facts in its own units, before the checks every gateway shares. */
export interface PaymentFacts {
  readonly gatewayEventId: string;
  readonly gatewayEventType: string;
  readonly paymentId: string;
  readonly orderId: string | null;
  readonly status: PaymentStatus;
  readonly currency: string;
  /** In the gateway's unit: integer minor units, or major-unit decimal text/number (Ippopay). */
  readonly amount: number | string;
  readonly refundedAmount: number | string | null;
  readonly refundId: string | null;
  readonly dispute?: DisputeFacts;
  /** Unix seconds or ISO 8601 text. */
  readonly occurredAt: number | string;
}

/** The gateway's unit → ISO 4217 minor units, or `undefined` when the value is not a valid amount. */
export type AmountConverter = (
  value: number | string,
  currency: CurrencyCode,
) => MinorUnits | undefined;

/**
 * Turns a gateway's facts into a canonical payment, or `invalid` naming the first thing wrong:
 * an id unfit for a stream name, an unknown currency, a fractional/negative/unsafe amount, a
 * capture of zero, or an event time far in the future.
 */
export function toPaymentResult(
  facts: PaymentFacts,
  toMinor: AmountConverter,
  now: Date,
): NormalizeResult {
  if (!isSafePaymentId(facts.paymentId))
    return invalid(`payment id "${facts.paymentId.slice(0, 80)}" is not usable as a stream key`);
  if (facts.orderId !== null && (facts.orderId.length === 0 || facts.orderId.length > 255))
    return invalid('order id is empty or longer than 255 characters');
  const currency = parseCurrencyCode(facts.currency);
  if (!currency) return invalid(`unknown currency "${facts.currency.slice(0, 16)}"`);
  const amount = toMinor(facts.amount, currency);
  if (amount === undefined)
    return invalid(`amount ${String(facts.amount)} is not a valid ${currency} amount`);
  if (amount === 0 && facts.status === 'captured') return invalid('a capture of zero');
  let refundedAmount: MinorUnits | null = null;
  if (facts.refundedAmount !== null) {
    const refunded = toMinor(facts.refundedAmount, currency);
    if (refunded === undefined)
      return invalid(`refunded amount ${String(facts.refundedAmount)} is not a valid amount`);
    refundedAmount = refunded;
  }
  const occurredAt = checkOccurredAt(facts.occurredAt, now);
  if (!occurredAt.ok) return invalid(occurredAt.reason);
  return {
    kind: 'payment',
    payment: {
      gatewayEventId: facts.gatewayEventId,
      gatewayEventType: facts.gatewayEventType,
      paymentId: facts.paymentId,
      orderId: facts.orderId,
      status: facts.status,
      amount,
      currency,
      refundedAmount,
      refundId: facts.refundId,
      ...(facts.dispute ? { dispute: facts.dispute } : {}),
      occurredAt: occurredAt.iso,
    },
  };
}

export function invalid(reason: string): NormalizeResult {
  return { kind: 'invalid', reason };
}

export function ignored(reason: string): NormalizeResult {
  return { kind: 'ignored', reason };
}

/** A zod error as one line: `path: message; …`. */
export function describeIssues(error: {
  readonly issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[];
}): string {
  return error.issues
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}
