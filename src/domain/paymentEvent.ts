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
 * body is kept once, byte for byte (`StoredBody`: its text, or base64 when that would not fit);
 * the gateway's JSON is parsed from it when read (`withGatewayPayload`). Events stored before
 * carry `payload` and `rawBody` both.
 */
export type PaymentEventData = NormalizedPayment &
  StoredBody & {
    readonly gateway: string;
    readonly receivedAt: string;
    /** Only when the gateway's payload is not the body (Ippopay: the body and the API's answers). */
    readonly payload?: JsonValue;
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
