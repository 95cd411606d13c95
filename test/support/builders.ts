import { randomUUID } from 'node:crypto';

export interface GenericPaymentOverrides {
  readonly event?: string;
  readonly timestamp?: string;
  readonly paymentId?: string;
  readonly status?: string;
  readonly amount?: unknown;
  readonly currency?: string;
  readonly orderId?: string | null;
}

/** The article's payload, with a fresh payment id unless told otherwise. */
export function aGenericPayment(overrides: GenericPaymentOverrides = {}) {
  return {
    event: overrides.event ?? 'payment.updated',
    timestamp: overrides.timestamp ?? '2024-06-26T11:08:07Z',
    data: {
      paymentId: overrides.paymentId ?? `pay_${randomUUID().replaceAll('-', '').slice(0, 14)}`,
      status: overrides.status ?? 'completed',
      amount: 'amount' in overrides ? overrides.amount : 100.0,
      currency: overrides.currency ?? 'USD',
      orderId: overrides.orderId === undefined ? 'ord_0987654321' : overrides.orderId,
    },
  };
}
