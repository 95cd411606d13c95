import type { DisputeOutcome } from '../domain/paymentEvent.js';
import type { PaymentStatus } from '../domain/paymentStatus.js';
import type { StatusFact } from '../domain/statusRules.js';
import type { Stored } from './stored.js';

/** One event of a payment, reduced to what the read model derives its fields from. */
export interface PaymentFact extends StatusFact {
  /** The gateway's event time exactly as stated (ISO 8601). */
  readonly occurredAt: string;
  readonly orderId: string | null;
  readonly gatewayEventType: string;
}

/**
 * The `payments` read model, keyed `<gateway>:<paymentId>`. Every field except `version` is
 * derived from `facts`, the set of the payment's events, so the document does not depend on
 * arrival order or on how often an event was replayed.
 */
export type PaymentBody = {
  readonly gateway: string;
  readonly paymentId: string;
  readonly orderId: string | null;
  readonly status: PaymentStatus;
  readonly amount: number;
  readonly currency: string;
  /** Refunds only; money lost to disputes is `disputedLostAmount`. */
  readonly refundedAmount: number;
  /** A dispute is open, or was lost. */
  readonly disputed: boolean;
  readonly disputeStatus: DisputeOutcome | null;
  readonly disputedLostAmount: number;
  /** The latest gateway event time among the payment's events, ISO 8601 UTC. */
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
  /** Sorted by event id. */
  readonly facts: readonly PaymentFact[];
};

export type PaymentDocument = Stored<PaymentBody>;
