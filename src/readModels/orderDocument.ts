import type { PaymentStatus } from '../domain/paymentStatus.js';

export type OrderStatus =
  | 'pending'
  | 'authorized'
  | 'paid'
  | 'partially_refunded'
  | 'refunded'
  | 'disputed'
  | 'failed'
  | 'canceled';

export interface OrderTotals {
  readonly currency: string;
  readonly captured: number;
  readonly refunded: number;
  readonly net: number;
}

export interface OrderPayment {
  readonly gateway: string;
  readonly paymentId: string;
  readonly status: PaymentStatus;
  readonly amount: number;
  readonly currency: string;
  readonly refundedAmount: number;
  readonly lastEventAt: string;
}

/** An order as seen through its payments (any gateway), derived from the payment documents. */
export interface OrderDocument {
  readonly orderId: string;
  readonly status: OrderStatus;
  /** Sorted by gateway, then payment id. */
  readonly payments: readonly OrderPayment[];
  /** One entry per currency, sorted by currency. */
  readonly totals: readonly OrderTotals[];
  readonly lastEventAt: string;
}
