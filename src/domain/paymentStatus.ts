export const PAYMENT_STATUSES = [
  'pending',
  'authorized',
  'captured',
  'failed',
  'canceled',
  'refunded',
  'partially_refunded',
  'disputed',
] as const;

/** The canonical status every gateway's own vocabulary is normalized to. */
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export function isPaymentStatus(value: string): value is PaymentStatus {
  return (PAYMENT_STATUSES as readonly string[]).includes(value);
}

/** `partially_refunded` → `PaymentPartiallyRefunded`: the event type stored for a status. */
export function paymentEventType(status: PaymentStatus): PaymentEventType {
  const pascal = status
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
  return `Payment${pascal}` as PaymentEventType;
}

export type PaymentEventType = `Payment${string}` & { readonly __brand: 'PaymentEventType' };
