import type { CurrencyCode } from './currency.js';
import type { MinorUnits } from './money.js';
import type { PaymentEventType, PaymentStatus } from './paymentStatus.js';
import type { StoredBody } from './storedBody.js';

export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * What a gateway's normalizer extracts from one verified webhook: the canonical facts, before
 * the ingest use case adds ids, receipt time and the raw payload.
 */
export interface NormalizedPayment {
  readonly gatewayEventId: string;
  readonly gatewayEventType: string;
  readonly paymentId: string;
  readonly orderId: string | null;
  readonly status: PaymentStatus;
  readonly amount: MinorUnits;
  readonly currency: CurrencyCode;
  /** Total refunded so far, when the gateway states it. */
  readonly refundedAmount: MinorUnits | null;
  /** Id of the refund this event reports, so refunds can be summed over distinct ids. */
  readonly refundId: string | null;
  /** The gateway's own time for the event (ISO 8601), never our receipt time. */
  readonly occurredAt: string;
}

/**
 * `data` of a canonical payment event, as stored in `payment-<gateway>:<paymentId>`. The signed
 * body (or, for a gateway that signs nothing, its evidence) is kept once, byte for byte
 * (`StoredBody`: its text, or base64 when that is smaller); the gateway's JSON is parsed from it
 * when read (`withGatewayPayload`). Events stored before issue 12 carry `payload` and `rawBody`
 * both, and read the same.
 */
export type PaymentEventData = NormalizedPayment &
  StoredBody & {
    readonly gateway: string;
    readonly receivedAt: string;
  };

export interface PaymentEventMetadata {
  readonly signatureScheme: string;
  /** Index of the configured secret that matched; never the secret itself. */
  readonly secretIndex: number;
  readonly rawBodySha256: string;
  readonly correlationId: string;
}

export interface PaymentEvent {
  readonly id: string;
  readonly type: PaymentEventType;
  readonly data: PaymentEventData;
  readonly metadata: PaymentEventMetadata;
}
