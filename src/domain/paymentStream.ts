/**
 * Payment ids become part of a stream name, so they are restricted to a safe alphabet: no `$`
 * (EventStoreDB system streams), no separators that could forge another stream's name.
 */
const SAFE_PAYMENT_ID = /^[A-Za-z0-9_][A-Za-z0-9_:-]{0,254}$/;

export function isSafePaymentId(paymentId: string): boolean {
  return SAFE_PAYMENT_ID.test(paymentId);
}

export const PAYMENT_STREAM_PREFIX = 'payment-';

/** `payment-<gateway>:<paymentId>`: one stream per payment, in arrival order. */
export function paymentStreamName(gateway: string, paymentId: string): string {
  return `${PAYMENT_STREAM_PREFIX}${gateway}:${paymentId}`;
}
