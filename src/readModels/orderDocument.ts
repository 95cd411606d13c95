import type { PaymentStatus } from '../domain/paymentStatus.js';
import type { Stored } from './stored.js';

export const ORDER_STATUSES = [
  'pending',
  'paid',
  'partially_refunded',
  'refunded',
  'disputed',
  'failed',
  'canceled',
] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

export type OrderPayment = {
  readonly gateway: string;
  readonly paymentId: string;
  readonly status: PaymentStatus;
  readonly amount: number;
  readonly currency: string;
  readonly refundedAmount: number;
  readonly disputedLostAmount: number;
  readonly lastEventAt: string;
};

/** Money of one currency: `net` = captured − refunded − disputedLost. */
export type OrderTotals = {
  readonly captured: number;
  readonly refunded: number;
  readonly disputedLost: number;
  readonly net: number;
};

/** The `orders` read model, keyed by order id: the order as seen through its payments. */
export type OrderBody = {
  readonly orderId: string;
  readonly status: OrderStatus;
  /** Sorted by gateway, then payment id. */
  readonly payments: readonly OrderPayment[];
  /** By currency code, in code order. */
  readonly totals: Readonly<Record<string, OrderTotals>>;
  /** The latest `lastEventAt` of its payments. */
  readonly lastEventAt: string;
};

export type OrderDocument = Stored<OrderBody>;
