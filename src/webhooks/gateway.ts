import type { JsonValue, NormalizedPayment } from '../domain/paymentEvent.js';

export const GATEWAY_NAMES = ['stripe', 'razorpay', 'ippopay', 'generic'] as const;
export type GatewayName = (typeof GATEWAY_NAMES)[number];

export function isGatewayName(value: string): value is GatewayName {
  return (GATEWAY_NAMES as readonly string[]).includes(value);
}

/** A webhook delivery as it came off the wire: lower-cased headers and the untouched body. */
export interface WebhookRequest {
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly rawBody: Buffer;
}

/** What a successful verification proves about a delivery. */
export interface VerifiedDelivery {
  /** e.g. `standard-webhooks-v1`, `stripe-v1`: stored in the event's metadata. */
  readonly scheme: string;
  /** Which of the configured secrets matched (for rotation), never the secret. */
  readonly secretIndex: number;
  /**
   * The gateway's id for this delivery when it is known from the headers alone (Standard
   * Webhooks `webhook-id`, Razorpay `x-razorpay-event-id`); used to key quarantined bodies.
   */
  readonly deliveryId: string | null;
}

export type NormalizeResult =
  | {
      readonly kind: 'payment';
      readonly payment: NormalizedPayment;
      /** What to keep as the event's `payload`; defaults to the parsed body. */
      readonly payload?: JsonValue;
    }
  /** Signed and well-formed, but not about a payment's status (e.g. `customer.created`). */
  | { readonly kind: 'ignored'; readonly reason: string }
  /** Signed but unusable: kept in quarantine, never in a payment stream. */
  | { readonly kind: 'invalid'; readonly reason: string };

/**
 * One payment gateway's webhook dialect. `verify` runs on the raw bytes before anything is
 * parsed; `normalize` is pure for every gateway that signs its payloads (Ippopay, which signs
 * nothing, confirms the notification with its API instead).
 */
export interface Gateway {
  readonly name: GatewayName;
  /** Throws `InvalidSignatureError` unless the delivery is authentic and fresh. */
  verify(request: WebhookRequest, now: Date): VerifiedDelivery;
  normalize(payload: JsonValue, request: WebhookRequest, now: Date): Promise<NormalizeResult>;
}
