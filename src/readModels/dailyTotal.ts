import type { PaymentStatus } from '../domain/paymentStatus.js';

/** One row of the daily report. `day` is a UTC date, `YYYY-MM-DD`. */
export interface DailyTotal {
  readonly day: string;
  readonly gateway: string;
  readonly currency: string;
  readonly status: PaymentStatus;
  readonly count: number;
  readonly amount: number;
}
