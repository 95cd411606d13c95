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

/** What a delivery says it is about, as far as can be read without validating it. */
export interface DeliveryIdentity {
  readonly paymentId: string | null;
  readonly eventType: string | null;
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

/**
 * What a gateway that signs nothing keeps instead of the delivered body (Ippopay: the order id it
 * read and the API's answers, byte for byte), so unauthenticated bytes are never stored.
 */
export interface Evidence {
  /** UTF-8 JSON text, stored as the event's raw body and hashed as `rawBodySha256`. */
  readonly text: string;
  /** The same, parsed: the event's `payload`. */
  readonly value: JsonValue;
}

export type NormalizeResult =
  | {
      readonly kind: 'payment';
      readonly payment: NormalizedPayment;
      readonly evidence?: Evidence;
    }
  /** Verified and well-formed, but not about a payment's status (e.g. `customer.created`). */
  | {
      readonly kind: 'ignored';
      readonly reason: string;
      readonly paymentId?: string | null;
      readonly evidence?: Evidence;
    }
  /** Verified but unusable: kept in quarantine, never in a payment stream. */
  | {
      readonly kind: 'invalid';
      readonly reason: string;
      readonly paymentId?: string | null;
      readonly evidence?: Evidence;
    };

/**
 * How a gateway's deliveries are proven genuine. `signature`: by an HMAC over the raw bytes, so
 * whatever passes `verify` is the gateway's own and is kept, even when unusable. `api-confirmation`
 * (Ippopay, which signs nothing): a delivery proves nothing; only what the gateway's API confirms
 * is kept, and a notification that cannot be confirmed is refused (400) with nothing stored.
 */
export type Authenticity = 'signature' | 'api-confirmation';

/**
 * One payment gateway's webhook dialect. `verify` runs on the raw bytes before anything is
 * parsed; `normalize` is pure for every gateway that signs its payloads (Ippopay, which signs
 * nothing, confirms the notification with its API instead).
 */
export interface Gateway {
  readonly name: GatewayName;
  readonly authenticity: Authenticity;
  /**
   * Whether a body already stored for the payment is a duplicate whatever event id it comes
   * with: Razorpay's event id is a header its signature does not cover, so a captured body could
   * otherwise be replayed as a new event under a fresh id.
   */
  readonly dedupesByBody: boolean;
  /**
   * A tighter limit than `MAX_BODY_BYTES` on this gateway's bodies, for a gateway whose
   * deliveries anyone can post and nothing authenticates before they are read (Ippopay).
   */
  readonly maxBodyBytes?: number;
  /** Throws `InvalidSignatureError` unless the delivery is authentic and fresh. */
  verify(request: WebhookRequest, now: Date): VerifiedDelivery;
  /** Uses only the delivery (never the request), so a kept delivery can be re-run later. */
  normalize(payload: JsonValue, delivery: VerifiedDelivery, now: Date): Promise<NormalizeResult>;
  /**
   * The payment and event type a verified payload names, read leniently (no validation), so a
   * quarantined or ignored delivery can be listed with them; `null` where it names none.
   */
  identify(payload: JsonValue): DeliveryIdentity;
}
