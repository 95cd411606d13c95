import type { PaymentStatus } from '../domain/paymentStatus.js';
import type { Page } from './cursorPage.js';
import type { DailyTotal } from './dailyTotal.js';
import type { OrderDocument, OrderStatus } from './orderDocument.js';
import type { ParkedPayment } from './parkedPayment.js';
import type { PaymentDocument } from './paymentDocument.js';

/** Inclusive bounds on `lastEventAt`. */
interface TimeRange {
  readonly from?: Date;
  readonly to?: Date;
}

export interface PaymentQuery extends TimeRange {
  readonly status?: PaymentStatus;
  readonly gateway?: string;
  readonly currency?: string;
  readonly orderId?: string;
  readonly limit: number;
  /** `nextCursor` of the previous page. */
  readonly cursor?: string;
}

export interface OrderQuery extends TimeRange {
  readonly status?: OrderStatus;
  readonly limit: number;
  readonly cursor?: string;
}

/** Inclusive UTC days, `YYYY-MM-DD`. */
export interface DayRange {
  readonly from?: string;
  readonly to?: string;
}

/** Reads of the materialized read models; each reads its collection through its indexes. */
export interface PaymentsReadModel {
  getPayment(gateway: string, paymentId: string): Promise<PaymentDocument | undefined>;
  /** Most recent `lastEventAt` first, then by key. */
  listPayments(query: PaymentQuery): Promise<Page<PaymentDocument>>;
}

export interface OrdersReadModel {
  getOrder(orderId: string): Promise<OrderDocument | undefined>;
  /** Most recent `lastEventAt` first, then by order id. */
  listOrders(query: OrderQuery): Promise<Page<OrderDocument>>;
}

export interface DailyTotalsReadModel {
  /** Rows with a count, sorted by day, gateway, currency and status. */
  dailyTotals(range: DayRange): Promise<DailyTotal[]>;
}

export interface ParkedPaymentsReadModel {
  /** Sorted by key. */
  listParked(): Promise<ParkedPayment[]>;
}
