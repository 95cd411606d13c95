import type { PaymentStatus } from '../domain/paymentStatus.js';
import type { StatusFact } from '../domain/statusRules.js';

/** One event of a payment, reduced to what the read model derives its fields from. */
export interface PaymentFact extends StatusFact {
  /** The gateway's event time exactly as stated (ISO 8601). */
  readonly occurredAt: string;
  readonly orderId: string | null;
  readonly gatewayEventType: string;
}

/** A payment counted in the daily report: on `day` (UTC) it reached `status`. */
export interface DailyContribution {
  readonly day: string;
  readonly status: PaymentStatus;
  readonly amount: number;
}

/**
 * The payments read model. Every field except the bookkeeping ones (`version`,
 * `lastGlobalPosition`) is derived from `facts`, the set of the payment's events, so the
 * document does not depend on arrival order or on how often an event was replayed.
 */
export interface PaymentDocument {
  /** `<gateway>:<paymentId>`, the stream name without its `payment-` prefix. */
  readonly key: string;
  readonly gateway: string;
  readonly paymentId: string;
  readonly orderId: string | null;
  readonly status: PaymentStatus;
  readonly amount: number;
  readonly currency: string;
  readonly refundedAmount: number;
  /** The latest gateway event time among the payment's events. */
  readonly lastEventAt: string;
  readonly decidedBy: {
    readonly eventId: string;
    readonly status: PaymentStatus;
    readonly occurredAt: string;
    readonly gatewayEventType: string;
  };
  /** Distinct events applied. */
  readonly eventCount: number;
  /** Highest stream revision applied + 1 (the length of the history it reflects). */
  readonly version: number;
  /** Global position of the last event applied; anything at or below it is ignored. */
  readonly lastGlobalPosition: bigint;
  /** Sorted by event id. */
  readonly facts: readonly PaymentFact[];
  readonly daily: readonly DailyContribution[];
}
